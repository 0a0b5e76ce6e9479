import { type CommonConfig, ConfigError, type ConfigReader, commonConfig, configReader } from "#libs/config/src/index.js";
import { parseSigningKeys, type SigningKey } from "./domain/signing-keys.js";

/** At most `limit` attempts per `windowSeconds` (a fixed window). */
export type RateLimit = { readonly limit: number; readonly windowSeconds: number };

export type IdentityConfig = CommonConfig & {
  /** Master keys by version; devices keep the version they were paired under. */
  readonly masterKeys: ReadonlyMap<number, Buffer>;
  readonly currentKeyVersion: number;
  /** Keys the per-brand pseudonyms. */
  readonly pseudonymSecret: Buffer;
  /** The platform operator's credential: the only one that may register brands. */
  readonly operatorCredential: string;
  /** Every configured token key verifies and is published; the active one signs. */
  readonly tokenKeys: readonly SigningKey[];
  readonly activeTokenKey: SigningKey;
  readonly accessTokenSeconds: number;
  /** A refresh-token family's whole life: after it, the app signs in again with its credential. */
  readonly refreshTokenSeconds: number;
  readonly rateLimits: {
    readonly signIn: RateLimit;
    readonly refresh: RateLimit;
    readonly pairing: RateLimit;
  };
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

function tokenKeys(read: ConfigReader): { tokenKeys: SigningKey[]; activeTokenKey: SigningKey } {
  let keys: SigningKey[];
  try {
    keys = parseSigningKeys(read.string("IDENTITY_TOKEN_KEYS"));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`IDENTITY_TOKEN_KEYS: ${(error as Error).message}`);
  }
  const activeKid = read.optionalString("IDENTITY_TOKEN_ACTIVE_KID") ?? keys.at(-1)?.kid;
  const active = keys.find((key) => key.kid === activeKid);
  if (!active) throw new ConfigError(`IDENTITY_TOKEN_ACTIVE_KID must name a kid of IDENTITY_TOKEN_KEYS, got "${activeKid}"`);
  return { tokenKeys: keys, activeTokenKey: active };
}

function rateLimit(read: ConfigReader, name: string, fallback: string): RateLimit {
  const text = read.string(name, fallback);
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const limit = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]);
  if (!match || limit < 1 || windowSeconds < 1) {
    throw new ConfigError(`${name} must be "<attempts>/<seconds>" with both at least 1, got "${text}"`);
  }
  return { limit, windowSeconds };
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
    ...tokenKeys(read),
    accessTokenSeconds: read.positiveInt("IDENTITY_ACCESS_TOKEN_SECONDS", 600),
    refreshTokenSeconds: read.positiveInt("IDENTITY_REFRESH_TOKEN_SECONDS", 30 * 86_400),
    rateLimits: {
      signIn: rateLimit(read, "IDENTITY_RATE_LIMIT_SIGN_IN", "10/60"),
      refresh: rateLimit(read, "IDENTITY_RATE_LIMIT_REFRESH", "10/60"),
      pairing: rateLimit(read, "IDENTITY_RATE_LIMIT_PAIRING", "10/3600"),
    },
  });
}
