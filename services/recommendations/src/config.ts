import { type CommonConfig, commonConfig, configReader } from "#libs/config/src/index.js";

export type RecommendationsConfig = CommonConfig;

export function loadConfig(env = process.env): RecommendationsConfig {
  return Object.freeze(commonConfig(configReader(env), "recommendations", 50054));
}
