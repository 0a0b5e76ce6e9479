// The rolling-ID resolver table in Redis, the contract identity writes and presence reads
// (docs/redis-keys.md): per day, sharded hashes rid:<day>:<shard> mapping the raw 16-byte
// rolling ID to "<interval>:<customer id>".
import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { dayOfInterval, INTERVAL_SECONDS, INTERVALS_PER_DAY } from "#libs/rolling-id/src/index.js";
import type { ResolverEntry } from "../domain/resolver-window.js";

/** A day's shards go once its last interval is more than one interval in the past, whatever was left in them. */
function dayShardExpiresAt(day: number): number {
  return ((day + 1) * INTERVALS_PER_DAY + 1) * INTERVAL_SECONDS;
}

export class ResolverTable {
  constructor(private readonly redis: RedisClient) {}

  /** Writes the entries; commands issued together are pipelined by the client. */
  async put(customerId: string, entries: readonly ResolverEntry[]): Promise<void> {
    await Promise.all(
      entries.flatMap((entry) => {
        const day = dayOfInterval(entry.interval);
        const key = redisKeys.rollingIdShard(day, entry.rollingId);
        return [
          this.redis.hSet(key, entry.rollingId, `${entry.interval}:${customerId}`),
          this.redis.expireAt(key, dayShardExpiresAt(day)),
        ];
      }),
    );
  }

  async remove(entries: readonly ResolverEntry[]): Promise<void> {
    await Promise.all(
      entries.map((entry) =>
        this.redis.hDel(redisKeys.rollingIdShard(dayOfInterval(entry.interval), entry.rollingId), entry.rollingId),
      ),
    );
  }
}
