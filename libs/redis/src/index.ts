import { createClient, type RedisClientType } from "redis";

export { ROLLING_ID_SHARDS, redisKeys } from "./keys.js";
export { type RespArgument, RespError, RespPipeline, type RespReply } from "./pipeline.js";
export { type RedisScript, redisScript } from "./script.js";
export type RedisClient = RedisClientType;

/**
 * node-redis with its per-command AbortSignal timeout turned off (it costs ~5x throughput);
 * callers put deadlines where they matter. Reconnects with backoff, never gives up.
 */
export async function connectRedis(url: string, name: string): Promise<RedisClient> {
  const client = createClient({
    url,
    name,
    commandOptions: { timeout: 0 },
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2_000) },
  }) as unknown as RedisClient;
  // Errors also surface on the commands that hit them; this listener keeps them from crashing the process.
  client.on("error", () => {});
  await client.connect();
  return client;
}
