import { connect, type NatsConnection } from "@nats-io/transport-node";

/** Connects with unlimited reconnects: a NATS restart is waited out, not fatal. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  const { hostname, port } = new URL(url);
  return connect({
    servers: `${hostname}:${port || 4222}`,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
}
