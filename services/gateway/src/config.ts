import { randomBytes } from "node:crypto";
import { type CommonConfig, ConfigError, commonConfig, configReader } from "#libs/config/src/index.js";

export type GatewayConfig = CommonConfig & {
  readonly httpHost: string;
  readonly httpPort: number;
  /** Where the presence service's gRPC port is. */
  readonly presenceAddress: string;
  /** Where identity's and consent's gRPC ports are (customer and brand routes). */
  readonly identityAddress: string;
  readonly consentAddress: string;
  /** Browser origins allowed to call the API cross-origin; none unless listed. */
  readonly corsOrigins: readonly string[];
  /** Requests per credential (or per address, without one) in each minute. */
  readonly rateLimitPerMinute: number;
  /** Largest request body taken, in bytes. */
  readonly bodyLimitBytes: number;
  /** Key of the display tokens (A256GCM); random per process unless set, so tokens die with it. */
  readonly displayTokenKey: Buffer;
  readonly displayTokenKeyIsEphemeral: boolean;
  /** Longest lifetime a display token may be given, seconds. */
  readonly displayTokenMaxTtlS: number;
  /** How long a verified store credential is trusted before identity is asked again. */
  readonly credentialCacheMs: number;
  /** How long "presence now" and a display's first snapshot wait for presence's snapshot to go quiet. */
  readonly snapshotQuietMs: number;
};

function origins(text: string | undefined): string[] {
  if (!text) return [];
  return text.split(",").map((origin) => {
    const trimmed = origin.trim();
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new ConfigError(`GATEWAY_CORS_ORIGINS must list origins like https://shop.example, got "${trimmed}"`);
    }
    if (parsed.origin !== trimmed) {
      throw new ConfigError(`GATEWAY_CORS_ORIGINS must list bare origins (scheme://host[:port]), got "${trimmed}"`);
    }
    return trimmed;
  });
}

export function loadConfig(env = process.env): GatewayConfig {
  const read = configReader(env);
  const keyText = read.optionalString("GATEWAY_DISPLAY_TOKEN_KEY");
  const presenceHost = read.string("PRESENCE_GRPC_HOST", "127.0.0.1");
  const presencePort = read.port("PRESENCE_GRPC_PORT", 50053);
  const identityHost = read.string("IDENTITY_GRPC_HOST", "127.0.0.1");
  const identityPort = read.port("IDENTITY_GRPC_PORT", 50051);
  const consentHost = read.string("CONSENT_GRPC_HOST", "127.0.0.1");
  const consentPort = read.port("CONSENT_GRPC_PORT", 50052);
  return Object.freeze({
    ...commonConfig(read, "gateway", 50056),
    httpHost: read.string("GATEWAY_HTTP_HOST", "127.0.0.1"),
    httpPort: read.port("GATEWAY_HTTP_PORT", 8080),
    presenceAddress: read.string("GATEWAY_PRESENCE_ADDRESS", `${presenceHost}:${presencePort}`),
    identityAddress: read.string("GATEWAY_IDENTITY_ADDRESS", `${identityHost}:${identityPort}`),
    consentAddress: read.string("GATEWAY_CONSENT_ADDRESS", `${consentHost}:${consentPort}`),
    corsOrigins: Object.freeze(origins(read.optionalString("GATEWAY_CORS_ORIGINS"))),
    rateLimitPerMinute: read.positiveInt("GATEWAY_RATE_LIMIT_PER_MINUTE", 600),
    bodyLimitBytes: read.positiveInt("GATEWAY_BODY_LIMIT_BYTES", 256 * 1024),
    displayTokenKey: keyText === undefined ? randomBytes(32) : read.hexKey("GATEWAY_DISPLAY_TOKEN_KEY", 32),
    displayTokenKeyIsEphemeral: keyText === undefined,
    displayTokenMaxTtlS: read.positiveInt("GATEWAY_DISPLAY_TOKEN_MAX_TTL_S", 7 * 24 * 3600),
    credentialCacheMs: read.positiveInt("GATEWAY_CREDENTIAL_CACHE_MS", 30_000),
    snapshotQuietMs: read.positiveInt("GATEWAY_SNAPSHOT_QUIET_MS", 300),
  });
}
