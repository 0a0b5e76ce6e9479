// The rolling-ID resolver table in Redis, the contract identity writes and presence reads
// (docs/redis-keys.md): sharded hashes rid:<shard> mapping the raw 16-byte rolling ID to
// "<interval>:<customer id>".

import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { INTERVAL_SECONDS } from "#libs/rolling-id/src/index.js";
import type { ResolverEntry } from "../domain/resolver-window.js";

/** A shard nobody wrote to for three intervals holds nothing live: let it go. */
const SHARD_TTL_SECONDS = 3 * INTERVAL_SECONDS;

export class ResolverTable {
  constructor(private readonly redis: RedisClient) {}

  /** Writes the entries; commands issued together are pipelined by the client. */
  async put(customerId: string, entries: readonly ResolverEntry[]): Promise<void> {
    await Promise.all(
      entries.flatMap((entry) => {
        const key = redisKeys.rollingIdShard(entry.rollingId);
        return [
          this.redis.hSet(key, entry.rollingId, `${entry.interval}:${customerId}`),
          this.redis.expire(key, SHARD_TTL_SECONDS),
        ];
      }),
    );
  }

  async remove(entries: readonly ResolverEntry[]): Promise<void> {
    await Promise.all(entries.map((entry) => this.redis.hDel(redisKeys.rollingIdShard(entry.rollingId), entry.rollingId)));
  }
}
