import { type CommonConfig, commonConfig, configReader } from "#libs/config/src/index.js";

export type ConsentConfig = CommonConfig & {
  /** How long a verified customer credential is trusted before identity is asked again. */
  readonly credentialCacheMs: number;
};

export function loadConfig(env = process.env): ConsentConfig {
  const read = configReader(env);
  return Object.freeze({
    ...commonConfig(read, "consent", 50052),
    credentialCacheMs: read.positiveInt("CONSENT_CREDENTIAL_CACHE_MS", 10_000),
  });
}
