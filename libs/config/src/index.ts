// Typed configuration parsed once from the environment. Each service's config.ts is the only
// place that reads process.env; a bad value fails start-up naming the variable.

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

export type ConfigReader = {
  string(name: string, fallback?: string): string;
  optionalString(name: string): string | undefined;
  port(name: string, fallback: number): number;
  positiveInt(name: string, fallback: number): number;
  url(name: string, protocols: readonly string[], fallback?: string): string;
  oneOf<const T extends string>(name: string, values: readonly T[], fallback: T): T;
  hexKey(name: string, bytes: number, fallback?: string): Buffer;
};

export function configReader(env: Env = process.env): ConfigReader {
  const raw = (name: string, fallback?: string): string => {
    const value = env[name];
    if (value !== undefined && value !== "") return value;
    if (fallback !== undefined) return fallback;
    throw new ConfigError(`${name} is required but not set`);
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = raw(name, String(fallback));
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
    }
    return value;
  };
  return {
    string: raw,
    optionalString: (name) => (env[name] === "" ? undefined : env[name]),
    port: (name, fallback) => integer(name, fallback, 0, 65535),
    positiveInt: (name, fallback) => integer(name, fallback, 1, Number.MAX_SAFE_INTEGER),
    url(name, protocols, fallback) {
      const text = raw(name, fallback);
      let parsed: URL;
      try {
        parsed = new URL(text);
      } catch {
        throw new ConfigError(`${name} must be a URL, got "${text}"`);
      }
      if (!protocols.includes(parsed.protocol.replace(/:$/, ""))) {
        throw new ConfigError(`${name} must use ${protocols.join(" or ")}, got "${parsed.protocol}"`);
      }
      return text;
    },
    oneOf(name, values, fallback) {
      const text = raw(name, fallback);
      const match = values.find((value) => value === text);
      if (match === undefined) throw new ConfigError(`${name} must be one of ${values.join(", ")}, got "${text}"`);
      return match;
    },
    hexKey(name, bytes, fallback) {
      const text = raw(name, fallback);
      if (!new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(text)) {
        throw new ConfigError(`${name} must be ${bytes} bytes as ${bytes * 2} hex digits`);
      }
      return Buffer.from(text, "hex");
    },
  };
}

/** Settings every service shares: where Redis and NATS are, and where its gRPC port is. */
export type CommonConfig = {
  readonly serviceName: string;
  readonly grpcHost: string;
  readonly grpcPort: number;
  readonly redisUrl: string;
  readonly natsUrl: string;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
};

export function commonConfig(read: ConfigReader, serviceName: string, defaultPort: number): CommonConfig {
  const prefix = serviceName.toUpperCase();
  return {
    serviceName,
    grpcHost: read.string(`${prefix}_GRPC_HOST`, "127.0.0.1"),
    grpcPort: read.port(`${prefix}_GRPC_PORT`, defaultPort),
    redisUrl: read.url("REDIS_URL", ["redis", "rediss"], "redis://127.0.0.1:6379"),
    natsUrl: read.url("NATS_URL", ["nats", "tls"], "nats://127.0.0.1:4222"),
    logLevel: read.oneOf("LOG_LEVEL", ["fatal", "error", "warn", "info", "debug", "trace", "silent"], "info"),
  };
}
