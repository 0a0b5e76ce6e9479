// Visit state per store in Redis (docs/redis-keys.md): a sorted set of the brand pseudonyms
// present, scored by when each was last seen (this server's clock). Adding a new member is an
// arrival (the resolver's batch script adds them, store/sighting-resolver.ts); a member not seen
// for the absence timeout has left.
import { type RedisClient, type RedisScript, type RespPipeline, redisKeys, redisScript } from "#libs/redis/src/index.js";

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
// visitor entries and their members of the visit set, atomically (no batch script runs between
// its reads and removals), and returns each removed pseudonym with when it was last seen ("" if
// the set no longer held it). Nothing to remove: an empty reply, so running it again is harmless.
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

/**
 * How much later than planned the departure sweeper may take a visitor and still find its keys:
 * a sweep can be held up by a busy event loop, a GC pause or a slow Redis, and a key that expires
 * before the sweep loses that visitor's LEFT for good.
 */
const SWEEP_LATENESS_ALLOWED_MS = 60_000;

export class Visits {
  /**
   * How long a store's visit keys and the store list live after their last write: the sweeper
   * takes a visitor from about one absence timeout (plus a sweep) after its last sighting, and the
   * list may have been written up to a quarter of the timeout before that sighting.
   */
  readonly keptMs: number;
  private readonly takeDepartedScript: RedisScript;
  private readonly eraseScript: RedisScript;
  /** When this process last listed each store for the sweeper, to skip re-listing on every batch. */
  private readonly listedAt = new Map<string, number>();

  /** `hotPath` carries what batches do (keepListed, forget); `redis` the rest. */
  constructor(
    private readonly redis: RedisClient,
    private readonly hotPath: RespPipeline,
    readonly absenceMs: number,
  ) {
    this.keptMs = absenceMs * 2 + SWEEP_LATENESS_ALLOWED_MS;
    this.takeDepartedScript = redisScript(redis, TAKE_DEPARTED);
    this.eraseScript = redisScript(redis, ERASE_CUSTOMER);
  }

  /** Keeps a store that sends sightings in the sweeper's list; at most every quarter of the absence timeout per store. */
  keepListed(brandId: string, storeId: string, nowMs: number): Promise<unknown> | undefined {
    const store = `${brandId}:${storeId}`;
    if (nowMs - (this.listedAt.get(store) ?? 0) < this.absenceMs / 4) return undefined;
    this.listedAt.set(store, nowMs);
    return Promise.all([
      this.hotPath.call(["SADD", redisKeys.activeStores(), store]),
      this.hotPath.call(["PEXPIRE", redisKeys.activeStores(), String(this.keptMs)]),
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
