// Visit state per store in Redis (docs/redis-keys.md): a sorted set of the brand pseudonyms
// present, scored by when each was last seen. Adding a new member is an arrival; a member not
// seen for the absence timeout has left.
import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";

// KEYS: store presence set. ARGV: cutoff (ms). Removes and returns the members (with when each
// was last seen) at or before the cutoff, atomically, so with several presence replicas each departure is announced once.
const TAKE_DEPARTED = `
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES')
if #gone > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1]) end
return gone
`;

export type Visitor = { readonly pseudonym: string; readonly seenAtMs: number };

export class Visits {
  constructor(
    private readonly redis: RedisClient,
    readonly absenceMs: number,
  ) {}

  /** Records that the visitors were seen; returns which of them just arrived. One pipelined round trip. */
  async seen(brandId: string, storeId: string, visitors: readonly Visitor[]): Promise<Visitor[]> {
    if (visitors.length === 0) return [];
    const key = redisKeys.storePresence(brandId, storeId);
    const added = visitors.map((visitor) =>
      this.redis.zAdd(key, { score: visitor.seenAtMs, value: visitor.pseudonym }, { condition: "NX" }),
    );
    const refreshed = visitors.map((visitor) =>
      this.redis.zAdd(key, { score: visitor.seenAtMs, value: visitor.pseudonym }, { condition: "XX", comparison: "GT" }),
    );
    // The set outlives its last member only briefly; the sweeper empties it first.
    const housekeeping = [
      this.redis.pExpire(key, this.absenceMs * 2),
      this.redis.sAdd(redisKeys.activeStores(), `${brandId}:${storeId}`),
      this.redis.pExpire(redisKeys.activeStores(), this.absenceMs * 2),
    ];
    const [newMembers] = await Promise.all([Promise.all(added), Promise.all(refreshed), Promise.all(housekeeping)]);
    return visitors.filter((_, index) => newMembers[index] === 1);
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
        const flat = (await this.redis.eval(TAKE_DEPARTED, {
          keys: [redisKeys.storePresence(brandId, storeId)],
          arguments: [cutoff],
        })) as string[];
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
