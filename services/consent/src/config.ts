import { type CommonConfig, ConfigError, commonConfig, configReader } from "#libs/config/src/index.js";

export type ConsentConfig = CommonConfig & {
  /** How long a verified customer credential is trusted before identity is asked again. */
  readonly credentialCacheMs: number;
  /** Ed25519 private key seed (32 bytes) that signs receipts. */
  readonly receiptSigningKey: Buffer;
  /** AES-256 key that wraps each customer's data key at rest. */
  readonly keyEncryptionKey: Buffer;
  /** The current version of the programme notice; a customer may join under any version up to it. */
  readonly programmeNoticeVersion: number;
  /** Services asked for their part of an export. */
  readonly exportServices: readonly string[];
  /** How long an export waits for each service. */
  readonly exportTimeoutMs: number;
};

function serviceList(text: string): string[] {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const bad = names.find((name) => !/^[a-z][a-z0-9-]{0,39}$/.test(name));
  if (bad !== undefined) throw new ConfigError(`CONSENT_EXPORT_SERVICES must be comma-separated service names, got "${bad}"`);
  return names;
}

export function loadConfig(env = process.env): ConsentConfig {
  const read = configReader(env);
  return Object.freeze({
    ...commonConfig(read, "consent", 50052),
    credentialCacheMs: read.positiveInt("CONSENT_CREDENTIAL_CACHE_MS", 10_000),
    receiptSigningKey: read.hexKey("CONSENT_RECEIPT_SIGNING_KEY", 32),
    keyEncryptionKey: read.hexKey("CONSENT_KEY_ENCRYPTION_KEY", 32),
    programmeNoticeVersion: read.positiveInt("CONSENT_PROGRAMME_NOTICE_VERSION", 1),
    exportServices: Object.freeze(
      serviceList(read.string("CONSENT_EXPORT_SERVICES", "identity,presence,recommendations,notifications")),
    ),
    exportTimeoutMs: read.positiveInt("CONSENT_EXPORT_TIMEOUT_MS", 2_000),
  });
}
