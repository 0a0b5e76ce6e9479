import { type CommonConfig, commonConfig, configReader } from "#libs/config/src/index.js";

export type NotificationsConfig = CommonConfig;

export function loadConfig(env = process.env): NotificationsConfig {
  return Object.freeze(commonConfig(configReader(env), "notifications", 50055));
}
