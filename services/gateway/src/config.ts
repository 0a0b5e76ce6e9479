import { type CommonConfig, commonConfig, configReader } from "#libs/config/src/index.js";

export type GatewayConfig = CommonConfig & { readonly httpHost: string; readonly httpPort: number };

export function loadConfig(env = process.env): GatewayConfig {
  const read = configReader(env);
  return Object.freeze({
    ...commonConfig(read, "gateway", 50056),
    httpHost: read.string("GATEWAY_HTTP_HOST", "127.0.0.1"),
    httpPort: read.port("GATEWAY_HTTP_PORT", 8080),
  });
}
