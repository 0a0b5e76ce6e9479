// Resolves a batch of sightings on the hot path in one Redis round trip, whatever the batch size,
// and calls no other service. One Lua script (RESOLVE_BATCH) does, for every distinct rolling ID:
//   1. rolling ID -> customer (resolver table), kept only within the skew rule;
//   2. customer -> live recognition and brand pseudonym (consent projection);
//   3. for consenting customers only: when the rolling ID was first heard (replay defence), where
//      the customer was last recognised (relay defence, swapped for here), and visit state
//      (store/visits.ts), reading the counter card's parts for those who arrive.
// Presence then judges the defences; a fourth round trip happens only when a defence refuses a
// sighting, to take back its writes.
// The script reads and writes keys of many hash slots, so it runs on a single Redis node only
// (`no-cluster`; docs/architecture.md §11 says why, and what Redis Cluster would need).
import { type RespArgument, type RespPipeline, type RespReply, redisKeys } from "#libs/redis/src/index.js";
import type { CounterCardOutcome } from "../domain/counter-card.js";
import {
  decodeWhereabouts,
  encodeWhereabouts,
  isImpossibleTravel,
  isReplay,
  MAX_ROLLING_ID_SPAN_MS,
} from "../domain/defences.js";
import { intervalsInSkew, matchingDays } from "../domain/sighting-window.js";
import { CARD_FIELDS, cardFrom } from "./counter-cards.js";
import type { Visits } from "./visits.js";

export type SightingInput = { readonly rollingId: Uint8Array; readonly observedAtMs: number };
export type Arrival = {
  readonly pseudonym: string;
  readonly observedAtMs: number;
  /** What the counter shows, each part only under its purpose (decoded for arrivals only). */
  readonly card: CounterCardOutcome;
};
export type StoreContext = {
  readonly brandId: string;
  readonly storeId: string;
  readonly latitude: number;
  readonly longitude: number;
};
export type ResolveOutcome = {
  readonly arrivals: Arrival[];
  /** Distinct rolling IDs in the batch. */
  readonly rollingIds: number;
  /** Rolling IDs recognised (resolved, in window, consenting, not dropped): at most one per customer. */
  readonly recognisedRollingIds: number;
  readonly dropped: { readonly replay: number; readonly impossibleTravel: number };
};

// Long enough to cover every interval a rolling ID can still match in.
const FIRST_SEEN_TTL_MS = MAX_ROLLING_ID_SPAN_MS * 2;
const WHEREABOUTS_TTL_MS = 12 * 3_600_000;
const FIRST_SEEN_TTL = String(FIRST_SEEN_TTL_MS);
const WHEREABOUTS_TTL = String(WHEREABOUTS_TTL_MS);
/** First-seen times kept in memory: consenting rolling IDs heard within the last 40 minutes. */
const FIRST_SEEN_REMEMBERED = 200_000;

/** Stands for the customer id in a key template: customer ids are base64url, never NUL. */
const CUSTOMER = "\u0000";
/** A per-customer key as the text before and after the customer id (redisKeys stays the one place keys are built). */
function around(key: string): [string, string] {
  const parts = key.split(CUSTOMER);
  if (parts.length !== 2) throw new Error(`key template ${JSON.stringify(key)} must hold the customer id exactly once`);
  return parts as [string, string];
}

// ARGV 1-5: seen-at (ms, this server's clock), visit expiry (ms), first-seen TTL (ms), whereabouts
// TTL (ms), this store's whereabouts suffix ",<lat>,<lon>,<brand>:<store>"; 6-11: the text before
// and after the customer id in the consent projection, suggestions and whereabouts keys; then
// PER_ROLLING_ID values per rolling ID.
const FIRST_ROLLING_ID = 12;
// Per rolling ID: its 16 bytes; its table shard in the first day and in the second ("" if one day);
// the first and last interval the skew rule accepts; observed-at (ms, the hub's clock); its
// first-seen key, or "" when this process already knows when it was first heard.
const PER_ROLLING_ID = 7;
// KEYS: the store's visit set and visitors hash (store/visits.ts).
// Returns one record per rolling ID of a consenting customer:
//   { index of the rolling ID, customer id, pseudonym, first-seen reply (the previous value, or
//     null: asked and unset, or not asked), role (0 consenting, 1 visitor: the customer's latest
//     rolling ID in the batch, 2 visitor who arrived), previous whereabouts (visitors), the
//     CARD_FIELDS and the suggestions (arrivals) }.
// A missing value is false in Lua, null in the reply. Only a table value "<digits>:<customer>"
// counts. A key of the wrong type fails the script (Redis keeps what it wrote so far), so every
// read of another service's key that can fail comes before a visit opens (the card's HMGET reads
// the key already read for the decision), except the suggestions, read only for an arrival: a
// suggestions key that is not a string counts as none, so it cannot leave a visit open without
// its ARRIVED.
const RESOLVE_BATCH = `#!lua flags=no-cluster
local seenAt, visitExpiry, firstSeenTtl, whereaboutsTtl, here = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local function customerKey(at, customer) return ARGV[at] .. customer .. ARGV[at + 1] end
local records, customers, latest, latestAt = {}, {}, {}, {}
for at = ${FIRST_ROLLING_ID}, #ARGV, ${PER_ROLLING_ID} do
  local value = redis.call('HGET', ARGV[at + 1], ARGV[at])
  if not value and ARGV[at + 2] ~= '' then value = redis.call('HGET', ARGV[at + 2], ARGV[at]) end
  local digits, customer
  if value then digits, customer = string.match(value, '^(%d+):(.+)$') end
  local interval = digits and tonumber(digits)
  if interval and interval >= tonumber(ARGV[at + 3]) and interval <= tonumber(ARGV[at + 4]) then
    local decision = redis.call('HMGET', customerKey(6, customer), 'recognition', 'pseudonym')
    if decision[1] == '1' and decision[2] and decision[2] ~= '' then
      local record = { (at - ${FIRST_ROLLING_ID}) / ${PER_ROLLING_ID}, customer, decision[2], false, 0, false, false, false, false, false, false }
      if ARGV[at + 6] ~= '' then
        record[4] = redis.call('SET', ARGV[at + 6], ARGV[at + 5], 'NX', 'PX', firstSeenTtl, 'GET')
      end
      records[#records + 1] = record
      if not latest[customer] then customers[#customers + 1] = customer end
      if not latest[customer] or tonumber(ARGV[latestAt[customer] + 5]) < tonumber(ARGV[at + 5]) then
        latest[customer], latestAt[customer] = record, at
      end
    end
  end
end
local arrived = false
for _, customer in ipairs(customers) do
  local record, at = latest[customer], latestAt[customer]
  record[5] = 1
  record[6] = redis.call('SET', customerKey(10, customer), ARGV[at + 5] .. here, 'PX', whereaboutsTtl, 'GET')
  -- GT adds a new member (1: an arrival) and moves an existing one's score forward only (0).
  if redis.call('ZADD', KEYS[1], 'GT', seenAt, record[3]) == 1 then
    arrived = true
    record[5] = 2
    redis.call('HSET', KEYS[2], record[3], customer)
    local card = redis.call('HMGET', customerKey(6, customer), ${CARD_FIELDS.map((field) => `'${field}'`).join(", ")})
    for i = 1, ${CARD_FIELDS.length} do record[6 + i] = card[i] end
    local suggestions = redis.pcall('GET', customerKey(8, customer))
    if type(suggestions) == 'string' then record[${7 + CARD_FIELDS.length}] = suggestions end
  end
end
if #customers > 0 then redis.call('PEXPIRE', KEYS[1], visitExpiry) end
if arrived then redis.call('PEXPIRE', KEYS[2], visitExpiry) end
return records
`;

/** A record's role, as the script numbers it. */
const CONSENTING = 0;
const ARRIVED = 2;
/** A rolling ID of a consenting customer, as the script answered it. */
type Recognised = {
  readonly rid: string;
  readonly observedAtMs: number;
  readonly customerId: string;
  readonly pseudonym: string;
  /** CONSENTING, 1 (a visitor already present) or ARRIVED. */
  readonly role: number;
  /** The customer's whereabouts before this batch (visitors only). */
  readonly previousWhereabouts: string | null;
  readonly cardFields: readonly (Buffer | null)[];
  readonly suggestions: Buffer | null;
};
type Refusal = { readonly visitor: Recognised; readonly reason: "replay" | "impossibleTravel" };

/** The rolling ID's bytes as a Buffer over the same memory (protobuf-es hands a Uint8Array): no copy. */
const bytesOf = (rollingId: Uint8Array) => Buffer.from(rollingId.buffer, rollingId.byteOffset, rollingId.byteLength);
const text = (reply: RespReply | undefined): string | null => (reply == null ? null : reply.toString());

export class SightingResolver {
  /** Rolling ID (base64url) -> when it was first heard (ms), as the replay record in Redis holds it. */
  private readonly firstSeen = new Map<string, number>();
  private readonly resolveBatch: (keys: readonly string[], args: readonly RespArgument[]) => Promise<RespReply>;

  /** `redis` is the hot path's pipeline (libs/redis pipeline.ts). */
  constructor(
    private readonly redis: RespPipeline,
    private readonly visits: Visits,
    private readonly maxTravelSpeedKmh: number,
  ) {
    this.resolveBatch = redis.script(RESOLVE_BATCH);
  }

  async resolve(store: StoreContext, sightings: readonly SightingInput[], receivedAtMs = Date.now()): Promise<ResolveOutcome> {
    // Latest observation per rolling ID: many beacons hear the same wearable.
    const latestByRid = new Map<string, { bytes: Buffer; observedAtMs: number }>();
    for (const sighting of sightings) {
      const bytes = bytesOf(sighting.rollingId);
      const rid = bytes.toString("base64url");
      const known = latestByRid.get(rid);
      if (!known) latestByRid.set(rid, { bytes, observedAtMs: sighting.observedAtMs });
      else if (known.observedAtMs < sighting.observedAtMs) known.observedAtMs = sighting.observedAtMs;
    }
    const rids = [...latestByRid.entries()];
    const here = { place: `${store.brandId}:${store.storeId}`, latitude: store.latitude, longitude: store.longitude };
    // A whereabouts record is "<ms>,<lat>,<lon>,<brand>:<store>" (encodeWhereabouts); all after the time is this store's.
    const hereSuffix = encodeWhereabouts({ ...here, atMs: 0 }).slice(1);

    const args: RespArgument[] = [
      String(receivedAtMs), // visit state runs on this server's clock, like the departure sweeper: a hub's clock may drift
      String(this.visits.keptMs),
      FIRST_SEEN_TTL,
      WHEREABOUTS_TTL,
      hereSuffix,
      ...around(redisKeys.consentProjection(CUSTOMER, store.brandId)),
      ...around(redisKeys.suggestions(CUSTOMER, store.brandId)),
      ...around(redisKeys.customerWhereabouts(CUSTOMER)),
    ];
    // SET NX never changes a first-seen value while its key lives, so one this process has
    // already been told is not asked again (most sightings are repeats).
    const firstSeenAsked: boolean[] = [];
    for (const [rid, { bytes, observedAtMs }] of rids) {
      const [firstDay = 0, secondDay] = matchingDays(observedAtMs / 1000);
      const { first, last } = intervalsInSkew(observedAtMs / 1000);
      const ask = this.knownFirstSeen(rid, observedAtMs) === undefined;
      firstSeenAsked.push(ask);
      args.push(
        bytes,
        redisKeys.rollingIdShard(firstDay, bytes),
        secondDay === undefined ? "" : redisKeys.rollingIdShard(secondDay, bytes),
        String(first),
        String(last),
        String(observedAtMs),
        ask ? redisKeys.rollingIdFirstSeen(rid) : "",
      );
    }
    const [reply] = await Promise.all([
      this.resolveBatch(
        [redisKeys.storePresence(store.brandId, store.storeId), redisKeys.storeVisitors(store.brandId, store.storeId)],
        args,
      ),
      this.visits.keepListed(store.brandId, store.storeId, receivedAtMs),
    ]);

    // Unknown, out of window, and unconsented all end alike: no record, not recognised, no event.
    const recognised = (reply as RespReply[][]).map((record): Recognised => {
      const index = record[0] as number;
      const [rid, { observedAtMs }] = rids[index] as (typeof rids)[number];
      if (firstSeenAsked[index]) {
        // No previous value: this sighting's time is now the first.
        const previous = text(record[3]);
        this.rememberFirstSeen(rid, previous === null ? observedAtMs : Number(previous));
      }
      return {
        rid,
        observedAtMs,
        customerId: text(record[1]) as string,
        pseudonym: text(record[2]) as string,
        role: record[4] as number,
        previousWhereabouts: text(record[5]),
        cardFields: record.slice(6, 6 + CARD_FIELDS.length) as (Buffer | null)[],
        suggestions: (record[6 + CARD_FIELDS.length] ?? null) as Buffer | null,
      };
    });

    // Everything was written optimistically; the rare sighting a defence refuses is taken back.
    const replayedRids = new Set(
      recognised
        .filter((r) => isReplay(this.knownFirstSeen(r.rid, r.observedAtMs) ?? r.observedAtMs, r.observedAtMs))
        .map((r) => r.rid),
    );
    // Visitors in the order each customer was first heard in the batch (the script marks their latest ID).
    const firstHeard = new Map<string, number>();
    recognised.forEach((r, index) => {
      if (!firstHeard.has(r.customerId)) firstHeard.set(r.customerId, index);
    });
    const visitors = recognised
      .filter((r) => r.role !== CONSENTING)
      .sort((a, b) => (firstHeard.get(a.customerId) ?? 0) - (firstHeard.get(b.customerId) ?? 0));
    const refused: Refusal[] = [];
    for (const visitor of visitors) {
      const previousText = visitor.previousWhereabouts;
      if (replayedRids.has(visitor.rid)) refused.push({ visitor, reason: "replay" });
      // Last recognised at this very store (the usual case): no travel to judge, nothing to decode.
      else if (previousText && !previousText.endsWith(hereSuffix)) {
        const previous = decodeWhereabouts(previousText);
        if (previous && isImpossibleTravel(previous, { ...here, atMs: visitor.observedAtMs }, this.maxTravelSpeedKmh))
          refused.push({ visitor, reason: "impossibleTravel" });
      }
    }
    if (refused.length > 0) await this.takeBack(store, refused);
    const refusedCustomers = new Set(refused.map((entry) => entry.visitor.customerId));
    const accepted = visitors.filter((visitor) => !refusedCustomers.has(visitor.customerId));
    const arrivals: Arrival[] = accepted
      .filter((visitor) => visitor.role === ARRIVED)
      .map((visitor) => ({
        pseudonym: visitor.pseudonym,
        observedAtMs: visitor.observedAtMs,
        card: cardFrom(visitor.cardFields, visitor.suggestions),
      }));
    return {
      arrivals,
      rollingIds: rids.length,
      recognisedRollingIds: accepted.length,
      dropped: {
        replay: refused.filter((entry) => entry.reason === "replay").length,
        impossibleTravel: refused.filter((entry) => entry.reason === "impossibleTravel").length,
      },
    };
  }

  /** The first-seen time of a rolling ID as Redis answered it, while its key can still exist there. */
  private knownFirstSeen(rid: string, observedAtMs: number): number | undefined {
    const firstSeenMs = this.firstSeen.get(rid);
    if (firstSeenMs === undefined || observedAtMs - firstSeenMs < FIRST_SEEN_TTL_MS) return firstSeenMs;
    this.firstSeen.delete(rid);
    return undefined;
  }

  private rememberFirstSeen(rid: string, firstSeenMs: number): void {
    // Bounded like the credential cache: dropped whole when full, then learned again from Redis.
    if (this.firstSeen.size >= FIRST_SEEN_REMEMBERED) this.firstSeen.clear();
    this.firstSeen.set(rid, firstSeenMs);
  }

  /**
   * Undoes what a refused sighting wrote: its visit if it opened one, and the customer's
   * whereabouts, so a relay cannot move the genuine customer somewhere else.
   */
  private async takeBack(store: StoreContext, refused: readonly Refusal[]): Promise<void> {
    await Promise.all([
      this.visits.forget(
        store.brandId,
        store.storeId,
        refused.filter((entry) => entry.visitor.role === ARRIVED).map((entry) => entry.visitor.pseudonym),
      ),
      ...refused.map(({ visitor }) =>
        visitor.previousWhereabouts
          ? this.redis.call([
              "SET",
              redisKeys.customerWhereabouts(visitor.customerId),
              visitor.previousWhereabouts,
              "PX",
              WHEREABOUTS_TTL,
            ])
          : this.redis.call(["DEL", redisKeys.customerWhereabouts(visitor.customerId)]),
      ),
    ]);
  }
}
