// Resolves a batch of sightings on the hot path in three pipelined Redis round trips, whatever
// the batch size, and calls no other service:
//   1. rolling IDs -> customers (resolver table), kept only within the skew rule;
//   2. customers -> live recognition and brand pseudonym (consent projection), and with them what
//      the counter card may show (the purpose fields, the shared card, the suggestions);
//   3. for consenting customers, in one go: when the rolling ID was first heard (replay
//      defence), where the customer was last recognised (relay defence, swapped for here), and
//      visit state (store/visits.ts, one script call).
// A fourth round trip happens only when a defence refuses a sighting, to take back its writes.
import { type RespPipeline, redisKeys } from "#libs/redis/src/index.js";
import type { CounterCardOutcome } from "../domain/counter-card.js";
import {
  decodeWhereabouts,
  encodeWhereabouts,
  isImpossibleTravel,
  isReplay,
  MAX_ROLLING_ID_SPAN_MS,
} from "../domain/defences.js";
import { matchingDays, parseResolverValue, withinSkew } from "../domain/sighting-window.js";
import { cardFrom, type Projection, readCardSources, recognisedAs } from "./counter-cards.js";
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

/** The rolling ID's bytes as a Buffer over the same memory (protobuf-es hands a Uint8Array): no copy. */
const bytesOf = (rollingId: Uint8Array) => Buffer.from(rollingId.buffer, rollingId.byteOffset, rollingId.byteLength);

type Candidate = { readonly rid: string; readonly customerId: string; readonly observedAtMs: number };
type Consenting = Candidate & {
  readonly pseudonym: string;
  readonly projection: Projection;
  readonly suggestions: Buffer | null;
};

export class SightingResolver {
  /** Rolling ID (base64url) -> when it was first heard (ms), as the replay record in Redis holds it. */
  private readonly firstSeen = new Map<string, number>();

  /** `redis` is the hot path's pipeline (libs/redis pipeline.ts): a batch's commands go out in one write per stage. */
  constructor(
    private readonly redis: RespPipeline,
    private readonly visits: Visits,
    private readonly maxTravelSpeedKmh: number,
  ) {}

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
    // Look in the day (two days, around midnight) the skew rule allows; the first hit wins. One
    // flat list of lookups: the second day's lookup, when there is one, follows its first.
    const lookups: Promise<unknown>[] = [];
    const dayCounts: number[] = [];
    for (const [, { bytes, observedAtMs }] of rids) {
      const days = matchingDays(observedAtMs / 1000);
      dayCounts.push(days.length);
      for (const day of days) lookups.push(this.redis.call(["HGET", redisKeys.rollingIdShard(day, bytes), bytes]));
    }
    const values = (await Promise.all(lookups)) as (Buffer | null)[];
    const resolved: (Buffer | null)[] = [];
    let at = 0;
    for (const count of dayCounts) {
      resolved.push(values[at] ?? (count > 1 ? (values[at + 1] ?? null) : null));
      at += count;
    }

    // Unknown, out of window, and unconsented all end alike: not recognised, no event.
    const candidates: Candidate[] = [];
    rids.forEach(([rid, { observedAtMs }], index) => {
      const value = resolved[index];
      const entry = value ? parseResolverValue(value.toString("latin1")) : undefined;
      if (entry && withinSkew(observedAtMs / 1000, entry.interval))
        candidates.push({ rid, customerId: entry.customerId, observedAtMs });
    });
    // The card's parts ride along in the same round trip, so an arrival costs no extra one; they
    // are decoded only for customers who arrive.
    const { projections, suggestions } = await readCardSources(
      this.redis,
      store.brandId,
      candidates.map((c) => c.customerId),
    );
    const consenting: Consenting[] = [];
    candidates.forEach((candidate, index) => {
      const projection = projections[index] ?? [];
      const pseudonym = recognisedAs(projection);
      if (pseudonym) consenting.push({ ...candidate, pseudonym, projection, suggestions: suggestions[index] ?? null });
    });

    // One visitor per customer: the latest of their rolling IDs in this batch.
    const latestByCustomer = new Map<string, Consenting>();
    for (const candidate of consenting) {
      const known = latestByCustomer.get(candidate.customerId);
      if (!known || known.observedAtMs < candidate.observedAtMs) latestByCustomer.set(candidate.customerId, candidate);
    }
    const visitors = [...latestByCustomer.values()];
    const here = { place: `${store.brandId}:${store.storeId}`, latitude: store.latitude, longitude: store.longitude };
    // A whereabouts record is "<ms>,<lat>,<lon>,<brand>:<store>" (encodeWhereabouts); all after the time is this store's.
    const hereSuffix = encodeWhereabouts({ ...here, atMs: 0 }).slice(1);

    // Only now, for consenting customers, does presence keep anything about a rolling ID or a
    // person. Everything is written optimistically in one round trip; the rare sighting a
    // defence refuses is taken back afterwards.
    // When each rolling ID was first heard: SET NX never changes a value while its key lives,
    // so one this process has already been told is not asked again (most sightings are repeats).
    const unknownFirstSeen = consenting.filter((c) => this.knownFirstSeen(c.rid, c.observedAtMs) === undefined);
    const firstSeenWrites = unknownFirstSeen.map((c) =>
      this.redis.call(["SET", redisKeys.rollingIdFirstSeen(c.rid), String(c.observedAtMs), "NX", "PX", FIRST_SEEN_TTL, "GET"]),
    );
    const whereaboutsSwaps = visitors.map((visitor) =>
      this.redis.call([
        "SET",
        redisKeys.customerWhereabouts(visitor.customerId),
        `${visitor.observedAtMs}${hereSuffix}`,
        "PX",
        WHEREABOUTS_TTL,
        "GET",
      ]),
    );
    // Visit state runs on this server's clock, like the departure sweeper: a hub's clock may drift.
    const marking = this.visits.seen(store.brandId, store.storeId, visitors, receivedAtMs);
    const [arrived, ...replies] = await Promise.all([marking, ...firstSeenWrites, ...whereaboutsSwaps]);
    unknownFirstSeen.forEach((c, index) => {
      const reply = replies[index] as Buffer | null;
      // No previous value: this sighting's time is now the first.
      this.rememberFirstSeen(c.rid, reply === null ? c.observedAtMs : Number(reply.toString("latin1")));
    });
    const lastSeen = (replies.slice(unknownFirstSeen.length) as (Buffer | null)[]).map((reply) => reply?.toString() ?? null);

    const replayedRids = new Set(
      consenting
        .filter((c) => isReplay(this.knownFirstSeen(c.rid, c.observedAtMs) ?? c.observedAtMs, c.observedAtMs))
        .map((c) => c.rid),
    );
    const refused: { visitor: (typeof visitors)[number]; previous: string | null; reason: "replay" | "impossibleTravel" }[] = [];
    visitors.forEach((visitor, index) => {
      const previousText = lastSeen[index] ?? null;
      if (replayedRids.has(visitor.rid)) refused.push({ visitor, previous: previousText, reason: "replay" });
      // Last recognised at this very store (the usual case): no travel to judge, nothing to decode.
      else if (previousText && !previousText.endsWith(hereSuffix)) {
        const previous = decodeWhereabouts(previousText);
        if (previous && isImpossibleTravel(previous, { ...here, atMs: visitor.observedAtMs }, this.maxTravelSpeedKmh))
          refused.push({ visitor, previous: previousText, reason: "impossibleTravel" });
      }
    });
    if (refused.length > 0) await this.takeBack(store, refused, new Set(arrived));
    const refusedCustomers = new Set(refused.map((entry) => entry.visitor.customerId));
    const accepted = visitors.filter((visitor) => !refusedCustomers.has(visitor.customerId));
    const byPseudonym = new Map(accepted.map((visitor) => [visitor.pseudonym, visitor]));
    const arrivals: Arrival[] = [];
    for (const pseudonym of arrived) {
      const visitor = byPseudonym.get(pseudonym);
      if (visitor)
        arrivals.push({ pseudonym, observedAtMs: visitor.observedAtMs, card: cardFrom(visitor.projection, visitor.suggestions) });
    }
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
  private async takeBack(
    store: StoreContext,
    refused: readonly { visitor: Consenting; previous: string | null }[],
    arrived: ReadonlySet<string>,
  ): Promise<void> {
    await Promise.all([
      this.visits.forget(
        store.brandId,
        store.storeId,
        refused.filter((entry) => arrived.has(entry.visitor.pseudonym)).map((entry) => entry.visitor.pseudonym),
      ),
      ...refused.map(({ visitor, previous }) =>
        previous
          ? this.redis.call(["SET", redisKeys.customerWhereabouts(visitor.customerId), previous, "PX", WHEREABOUTS_TTL])
          : this.redis.call(["DEL", redisKeys.customerWhereabouts(visitor.customerId)]),
      ),
    ]);
  }
}
