// Visit state per store in Redis (docs/redis-keys.md): a sorted set of the brand pseudonyms
// present, scored by when each was last seen (this server's clock). Adding a new member is an
// arrival; a member not seen for the absence timeout has left.
import {
  type RedisClient,
  type RedisScript,
  type RespArgument,
  type RespPipeline,
  type RespReply,
  redisKeys,
  redisScript,
} from "#libs/redis/src/index.js";

// KEYS: store presence set, store visitors hash. ARGV: seen-at (ms), expiry (ms), then pairs of
// pseudonym and customer id. Marks them seen and returns the pseudonyms that were not present:
// the arrivals (their customer ids are kept for WatchPresence's cards). One command per batch.
const MARK_SEEN = `
local arrived = {}
for i = 3, #ARGV, 2 do
  if redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[i]) == 1 then
    arrived[#arrived + 1] = ARGV[i]
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  else
    redis.call('ZADD', KEYS[1], 'XX', 'GT', ARGV[1], ARGV[i])
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if #arrived > 0 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return arrived
`;

// KEYS: store presence set, store visitors hash. ARGV: cutoff (ms). Removes and returns the
// members (with when each was last seen) at or before the cutoff, atomically, so with several
// presence replicas each departure is announced once.
const TAKE_DEPARTED = `
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES')
if #gone > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
  for i = 1, #gone, 2 do redis.call('HDEL', KEYS[2], gone[i]) end
end
return gone
`;

// KEYS: store presence set, store visitors hash. ARGV: customer id. Removes the customer's
// visitor entries and their members of the visit set, in one step with the visit script (same
// hash tag), and returns each removed pseudonym with when it was last seen ("" if the set no
// longer held it). Nothing to remove: an empty reply, so running it again is harmless.
const ERASE_CUSTOMER = `
local fields = redis.call('HGETALL', KEYS[2])
local erased = {}
for i = 1, #fields, 2 do
  if fields[i + 1] == ARGV[1] then
    local seen = redis.call('ZSCORE', KEYS[1], fields[i])
    redis.call('ZREM', KEYS[1], fields[i])
    redis.call('HDEL', KEYS[2], fields[i])
    erased[#erased + 1] = fields[i]
    erased[#erased + 1] = seen or ''
  end
end
return erased
`;

export type Visitor = { readonly pseudonym: string; readonly seenAtMs: number };
/** One of a customer's open visits; seenAtMs is null if the visit set no longer held the pseudonym. */
export type CustomerVisit = {
  readonly brandId: string;
  readonly storeId: string;
  readonly pseudonym: string;
  readonly seenAtMs: number | null;
};
/** A recognised customer at a store: the brand pseudonym, and the customer id that stays in presence. */
export type VisitorIdentity = { readonly pseudonym: string; readonly customerId: string };

export class Visits {
  private readonly markSeen: (keys: readonly string[], args: readonly RespArgument[]) => Promise<RespReply>;
  private readonly takeDepartedScript: RedisScript;
  private readonly eraseScript: RedisScript;
  /** When this process last listed each store for the sweeper, to skip re-listing on every batch. */
  private readonly listedAt = new Map<string, number>();

  /** `hotPath` carries what every batch does (seen, forget); `redis` the rest. */
  constructor(
    private readonly redis: RedisClient,
    private readonly hotPath: RespPipeline,
    readonly absenceMs: number,
  ) {
    this.markSeen = hotPath.script(MARK_SEEN);
    this.takeDepartedScript = redisScript(redis, TAKE_DEPARTED);
    this.eraseScript = redisScript(redis, ERASE_CUSTOMER);
  }

  /** Marks the visitors present at seenAtMs; returns the pseudonyms that just arrived. */
  async seen(brandId: string, storeId: string, visitors: readonly VisitorIdentity[], seenAtMs: number): Promise<string[]> {
    if (visitors.length === 0) return [];
    const args = [String(seenAtMs), String(this.absenceMs * 2)];
    for (const visitor of visitors) args.push(visitor.pseudonym, visitor.customerId);
    const marking = this.markSeen([redisKeys.storePresence(brandId, storeId), redisKeys.storeVisitors(brandId, storeId)], args);
    const listing = this.listForSweeper(`${brandId}:${storeId}`, seenAtMs);
    const [arrived] = await Promise.all([marking, listing]);
    return (arrived as Buffer[]).map((pseudonym) => pseudonym.toString());
  }

  /** Keeps the store in the sweeper's list; at most every quarter of the absence timeout per store. */
  private listForSweeper(store: string, nowMs: number): Promise<unknown> | undefined {
    if (nowMs - (this.listedAt.get(store) ?? 0) < this.absenceMs / 4) return undefined;
    this.listedAt.set(store, nowMs);
    return Promise.all([
      this.hotPath.call(["SADD", redisKeys.activeStores(), store]),
      this.hotPath.call(["PEXPIRE", redisKeys.activeStores(), String(this.absenceMs * 2)]),
    ]);
  }

  /** Takes back arrivals that a defence refused after the fact. */
  async forget(brandId: string, storeId: string, pseudonyms: readonly string[]): Promise<void> {
    if (pseudonyms.length === 0) return;
    await Promise.all([
      this.hotPath.call(["ZREM", redisKeys.storePresence(brandId, storeId), ...pseudonyms]),
      this.hotPath.call(["HDEL", redisKeys.storeVisitors(brandId, storeId), ...pseudonyms]),
    ]);
  }

  /** The customer ids of visitors present at a store, by pseudonym (absent for one not kept). */
  async customersOf(brandId: string, storeId: string, pseudonyms: readonly string[]): Promise<(string | null)[]> {
    if (pseudonyms.length === 0) return [];
    return this.redis.hmGet(redisKeys.storeVisitors(brandId, storeId), [...pseudonyms]);
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
        const flat = (await this.takeDepartedScript.run(
          [redisKeys.storePresence(brandId, storeId), redisKeys.storeVisitors(brandId, storeId)],
          [cutoff],
        )) as string[];
        const visitors: Visitor[] = [];
        for (let index = 0; index + 1 < flat.length; index += 2) {
          visitors.push({ pseudonym: flat[index] as string, seenAtMs: Number(flat[index + 1]) });
        }
        return { brandId, storeId, departed: visitors };
      }),
    );
    return departed.filter((store) => store.departed.length > 0);
  }

  /** Where a customer is present now, in every listed store (a store with a visitor is listed). */
  async visitsOf(customerId: string): Promise<CustomerVisit[]> {
    const visits = await this.inEveryStore(async (brandId, storeId) => {
      const fields = await this.redis.hGetAll(redisKeys.storeVisitors(brandId, storeId));
      const pseudonyms = Object.keys(fields).filter((pseudonym) => fields[pseudonym] === customerId);
      const scores = await Promise.all(
        pseudonyms.map((pseudonym) => this.redis.zScore(redisKeys.storePresence(brandId, storeId), pseudonym)),
      );
      return pseudonyms.map((pseudonym, index) => ({ brandId, storeId, pseudonym, seenAtMs: scores[index] ?? null }));
    });
    return visits.flat();
  }

  /** Removes a customer from every listed store's visitors and visit set; returns what was removed. */
  async eraseCustomer(customerId: string): Promise<CustomerVisit[]> {
    const erased = await this.inEveryStore(async (brandId, storeId) => {
      const flat = (await this.eraseScript.run(
        [redisKeys.storePresence(brandId, storeId), redisKeys.storeVisitors(brandId, storeId)],
        [customerId],
      )) as string[];
      const visits: CustomerVisit[] = [];
      for (let index = 0; index + 1 < flat.length; index += 2) {
        const seen = flat[index + 1];
        visits.push({ brandId, storeId, pseudonym: flat[index] as string, seenAtMs: seen ? Number(seen) : null });
      }
      return visits;
    });
    return erased.flat();
  }

  private async inEveryStore<T>(each: (brandId: string, storeId: string) => Promise<T>): Promise<T[]> {
    const stores = await this.redis.sMembers(redisKeys.activeStores());
    return Promise.all(
      stores.map((store) => {
        const [brandId = "", storeId = ""] = store.split(":");
        return each(brandId, storeId);
      }),
    );
  }
}
