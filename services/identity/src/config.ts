import { type CommonConfig, ConfigError, commonConfig, configReader } from "#libs/config/src/index.js";

export type IdentityConfig = CommonConfig & {
  /** Master keys by version; devices keep the version they were paired under. */
  readonly masterKeys: ReadonlyMap<number, Buffer>;
  readonly currentKeyVersion: number;
  /** Keys the per-brand pseudonyms. */
  readonly pseudonymSecret: Buffer;
  /** The platform operator's credential: the only one that may register brands. */
  readonly operatorCredential: string;
};

function parseMasterKeys(text: string): Map<number, Buffer> {
  const keys = new Map<number, Buffer>();
  for (const entry of text.split(",")) {
    const match = /^(\d+):([0-9a-fA-F]{32})$/.exec(entry.trim());
    if (!match?.[1] || !match[2]) {
      throw new ConfigError('IDENTITY_MASTER_KEYS must be comma-separated "<version>:<32 hex digits>" entries');
    }
    keys.set(Number(match[1]), Buffer.from(match[2], "hex"));
  }
  return keys;
}

function operatorCredential(text: string): string {
  if (text.length < 32) throw new ConfigError("IDENTITY_OPERATOR_CREDENTIAL must be at least 32 characters");
  return text;
}

export function loadConfig(env = process.env): IdentityConfig {
  const read = configReader(env);
  const masterKeys = parseMasterKeys(read.string("IDENTITY_MASTER_KEYS"));
  return Object.freeze({
    ...commonConfig(read, "identity", 50051),
    masterKeys,
    currentKeyVersion: Math.max(...masterKeys.keys()),
    pseudonymSecret: read.hexKey("IDENTITY_PSEUDONYM_SECRET", 32),
    operatorCredential: operatorCredential(read.string("IDENTITY_OPERATOR_CREDENTIAL").trim()),
  });
}
