import { type ConnectionOptions, connect, type NatsConnection } from "@nats-io/transport-node";

/**
 * Connects with unlimited reconnects: a NATS restart is waited out, not fatal. The URL may
 * carry user:password, and tls:// asks for TLS (verified against the system's CAs).
 */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  const parsed = new URL(url);
  const options: ConnectionOptions = {
    servers: `${parsed.hostname}:${parsed.port || 4222}`,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  };
  if (parsed.username) options.user = decodeURIComponent(parsed.username);
  if (parsed.password) options.pass = decodeURIComponent(parsed.password);
  if (parsed.protocol === "tls:") options.tls = {};
  return connect(options);
}
