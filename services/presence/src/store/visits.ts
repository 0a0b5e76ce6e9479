// Visit state per store in Redis (docs/redis-keys.md): a sorted set of the brand pseudonyms
// present, scored by when each was last seen (this server's clock). Adding a new member is an
// arrival; a member not seen for the absence timeout has left.
import { type RedisClient, type RedisScript, redisKeys, redisScript } from "#libs/redis/src/index.js";

// KEYS: store presence set. ARGV: seen-at (ms), expiry (ms), pseudonyms... Marks them seen and
// returns those that were not present: the arrivals. One command for the whole batch.
const MARK_SEEN = `
local arrived = {}
for i = 3, #ARGV do
  if redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[i]) == 1 then
    arrived[#arrived + 1] = ARGV[i]
  else
    redis.call('ZADD', KEYS[1], 'XX', 'GT', ARGV[1], ARGV[i])
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return arrived
`;

// KEYS: store presence set. ARGV: cutoff (ms). Removes and returns the members (with when each
// was last seen) at or before the cutoff, atomically, so with several presence replicas each
// departure is announced once.
const TAKE_DEPARTED = `
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES')
if #gone > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1]) end
return gone
`;

export type Visitor = { readonly pseudonym: string; readonly seenAtMs: number };

export class Visits {
  private readonly markSeen: RedisScript;
  private readonly takeDepartedScript: RedisScript;
  /** When this process last listed each store for the sweeper, to skip re-listing on every batch. */
  private readonly listedAt = new Map<string, number>();

  constructor(
    private readonly redis: RedisClient,
    readonly absenceMs: number,
  ) {
    this.markSeen = redisScript(redis, MARK_SEEN);
    this.takeDepartedScript = redisScript(redis, TAKE_DEPARTED);
  }

  /** Marks the pseudonyms present at seenAtMs; returns the ones that just arrived. */
  async seen(brandId: string, storeId: string, pseudonyms: readonly string[], seenAtMs: number): Promise<string[]> {
    if (pseudonyms.length === 0) return [];
    const key = redisKeys.storePresence(brandId, storeId);
    const [arrived] = await Promise.all([
      this.markSeen.run([key], [String(seenAtMs), String(this.absenceMs * 2), ...pseudonyms]) as Promise<string[]>,
      this.listForSweeper(`${brandId}:${storeId}`, seenAtMs),
    ]);
    return arrived;
  }

  /** Keeps the store in the sweeper's list; at most every quarter of the absence timeout per store. */
  private async listForSweeper(store: string, nowMs: number): Promise<void> {
    if (nowMs - (this.listedAt.get(store) ?? 0) < this.absenceMs / 4) return;
    this.listedAt.set(store, nowMs);
    await Promise.all([
      this.redis.sAdd(redisKeys.activeStores(), store),
      this.redis.pExpire(redisKeys.activeStores(), this.absenceMs * 2),
    ]);
  }

  /** Takes back arrivals that a defence refused after the fact. */
  async forget(brandId: string, storeId: string, pseudonyms: readonly string[]): Promise<void> {
    if (pseudonyms.length > 0) await this.redis.zRem(redisKeys.storePresence(brandId, storeId), [...pseudonyms]);
  }

  async presentNow(brandId: string, storeId: string, nowMs: number): Promise<Visitor[]> {
    const members = await this.redis.zRangeByScoreWithScores(
      redisKeys.storePresence(brandId, storeId),
      nowMs - this.absenceMs + 1,
      "+inf",
    );
    return members.map((member) => ({ pseudonym: member.value, seenAtMs: member.score }));
  }

  /** Takes every visitor, in every store, not seen since the absence timeout. */
  async takeDeparted(nowMs: number): Promise<{ brandId: string; storeId: string; departed: Visitor[] }[]> {
    const stores = await this.redis.sMembers(redisKeys.activeStores());
    const cutoff = String(nowMs - this.absenceMs);
    const departed = await Promise.all(
      stores.map(async (store) => {
        const [brandId = "", storeId = ""] = store.split(":");
        const flat = (await this.takeDepartedScript.run([redisKeys.storePresence(brandId, storeId)], [cutoff])) as string[];
        const visitors: Visitor[] = [];
        for (let index = 0; index + 1 < flat.length; index += 2) {
          visitors.push({ pseudonym: flat[index] as string, seenAtMs: Number(flat[index + 1]) });
        }
        return { brandId, storeId, departed: visitors };
      }),
    );
    return departed.filter((store) => store.departed.length > 0);
  }
}
