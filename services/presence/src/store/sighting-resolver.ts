// Resolves a batch of sightings on the hot path in four pipelined Redis round trips, whatever
// the batch size, and calls no other service:
//   1. rolling IDs -> customers (resolver table);
//   2. customers -> live recognition and brand pseudonym (consent projection);
//   3. for consenting customers: when the rolling ID was first heard (replay defence) and where
//      the customer was last recognised (relay defence);
//   4. their new whereabouts, and visit state (store/visits.ts).
import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import {
  decodeWhereabouts,
  encodeWhereabouts,
  isImpossibleTravel,
  isReplay,
  MAX_ROLLING_ID_SPAN_MS,
} from "../domain/defences.js";
import { parseResolverValue, withinSkew } from "../domain/sighting-window.js";
import type { Visits } from "./visits.js";

export type SightingInput = { readonly rollingId: Uint8Array; readonly observedAtMs: number };
export type Arrival = { readonly pseudonym: string; readonly observedAtMs: number };
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

type Candidate = { readonly rid: string; readonly customerId: string; readonly observedAtMs: number };

export class SightingResolver {
  constructor(
    private readonly redis: RedisClient,
    private readonly visits: Visits,
    private readonly maxTravelSpeedKmh: number,
  ) {}

  async resolve(store: StoreContext, sightings: readonly SightingInput[], receivedAtMs = Date.now()): Promise<ResolveOutcome> {
    // Latest observation per rolling ID: many beacons hear the same wearable.
    const latestByRid = new Map<string, number>();
    for (const sighting of sightings) {
      const rid = Buffer.from(sighting.rollingId).toString("base64url");
      latestByRid.set(rid, Math.max(latestByRid.get(rid) ?? 0, sighting.observedAtMs));
    }
    const rids = [...latestByRid.keys()];
    const resolved = await Promise.all(rids.map((rid) => this.redis.get(redisKeys.rollingId(rid))));

    // Unknown, out of window, and unconsented all end alike: not recognised, no event.
    const candidates: Candidate[] = [];
    rids.forEach((rid, index) => {
      const value = resolved[index];
      const entry = value ? parseResolverValue(value) : undefined;
      const observedAtMs = latestByRid.get(rid) ?? 0;
      if (entry && withinSkew(observedAtMs / 1000, entry.interval))
        candidates.push({ rid, customerId: entry.customerId, observedAtMs });
    });
    const consents = await Promise.all(
      candidates.map((c) =>
        this.redis.hmGet(redisKeys.consentProjection(c.customerId, store.brandId), ["recognition", "pseudonym"]),
      ),
    );
    const consenting: (Candidate & { pseudonym: string })[] = [];
    candidates.forEach((candidate, index) => {
      const [recognition, pseudonym] = consents[index] ?? [];
      if (recognition === "1" && pseudonym) consenting.push({ ...candidate, pseudonym });
    });

    // Only now, for consenting customers, does presence keep anything about a rolling ID or a person.
    const [firstSeen, lastSeen] = await Promise.all([
      Promise.all(
        consenting.map((c) =>
          this.redis.set(redisKeys.rollingIdFirstSeen(c.rid), String(c.observedAtMs), {
            condition: "NX",
            expiration: { type: "PX", value: FIRST_SEEN_TTL_MS },
            GET: true,
          }),
        ),
      ),
      Promise.all(consenting.map((c) => this.redis.get(redisKeys.customerWhereabouts(c.customerId)))),
    ]);
    const here = { place: `${store.brandId}:${store.storeId}`, latitude: store.latitude, longitude: store.longitude };
    let replay = 0;
    let impossibleTravel = 0;
    const present = new Map<string, Candidate & { pseudonym: string }>();
    consenting.forEach((candidate, index) => {
      const first = firstSeen[index];
      if (first && isReplay(Number(first), candidate.observedAtMs)) {
        replay++;
        return;
      }
      const previous = lastSeen[index] ? decodeWhereabouts(lastSeen[index]) : undefined;
      if (previous && isImpossibleTravel(previous, { ...here, atMs: candidate.observedAtMs }, this.maxTravelSpeedKmh)) {
        impossibleTravel++;
        return;
      }
      const known = present.get(candidate.customerId);
      if (!known || known.observedAtMs < candidate.observedAtMs) present.set(candidate.customerId, candidate);
    });

    const visitors = [...present.values()];
    const [, arrived] = await Promise.all([
      Promise.all(
        visitors.map((visitor) =>
          this.redis.set(
            redisKeys.customerWhereabouts(visitor.customerId),
            encodeWhereabouts({ ...here, atMs: visitor.observedAtMs }),
            {
              expiration: { type: "PX", value: WHEREABOUTS_TTL_MS },
            },
          ),
        ),
      ),
      // Visit state runs on this server's clock, like the departure sweeper: a hub's clock may drift.
      this.visits.seen(
        store.brandId,
        store.storeId,
        visitors.map((visitor) => ({ pseudonym: visitor.pseudonym, seenAtMs: receivedAtMs })),
      ),
    ]);
    const observedAt = new Map(visitors.map((visitor) => [visitor.pseudonym, visitor.observedAtMs]));
    return {
      arrivals: arrived.map((visitor) => ({
        pseudonym: visitor.pseudonym,
        observedAtMs: observedAt.get(visitor.pseudonym) ?? receivedAtMs,
      })),
      rollingIds: rids.length,
      recognisedRollingIds: visitors.length,
      dropped: { replay, impossibleTravel },
    };
  }
}
