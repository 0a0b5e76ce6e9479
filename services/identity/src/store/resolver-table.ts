// The rolling-ID resolver table in Redis, the contract identity writes and presence reads
// (docs/redis-keys.md): rid:<base64url rolling ID> -> "<interval>:<customer id>", expiring at
// the start of interval + 2.
import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import type { ResolverEntry } from "../domain/resolver-window.js";

export class ResolverTable {
  constructor(private readonly redis: RedisClient) {}

  /** Writes the entries; commands issued together are pipelined by the client. */
  async put(customerId: string, entries: readonly ResolverEntry[]): Promise<void> {
    await Promise.all(
      entries.map((entry) =>
        this.redis.set(redisKeys.rollingId(entry.rollingId.toString("base64url")), `${entry.interval}:${customerId}`, {
          expiration: { type: "EXAT", value: entry.expiresAtSeconds },
        }),
      ),
    );
  }

  async remove(entries: readonly ResolverEntry[]): Promise<void> {
    // One DEL per key: the keys live in different Redis Cluster slots.
    await Promise.all(entries.map((entry) => this.redis.del(redisKeys.rollingId(entry.rollingId.toString("base64url")))));
  }
}
