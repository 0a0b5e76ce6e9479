// Resolves a batch of sightings on the hot path in three pipelined Redis round trips, whatever
// the batch size: rolling IDs -> customers (resolver table), customers -> live recognition and
// brand pseudonym (consent projection), pseudonyms -> visit state (store/visits.ts). No call to another service.
import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { parseResolverValue, withinSkew } from "../domain/sighting-window.js";
import type { Visits } from "./visits.js";

export type SightingInput = { readonly rollingId: Uint8Array; readonly observedAtMs: number };
export type Arrival = { readonly pseudonym: string; readonly observedAtMs: number };
export type ResolveOutcome = {
  readonly arrivals: Arrival[];
  /** Distinct rolling IDs in the batch. */
  readonly rollingIds: number;
  /** Distinct customers recognised (resolved, in window, with live recognition consent). */
  readonly recognised: number;
};

export class SightingResolver {
  constructor(
    private readonly redis: RedisClient,
    private readonly visits: Visits,
  ) {}

  async resolve(brandId: string, storeId: string, sightings: readonly SightingInput[]): Promise<ResolveOutcome> {
    // Latest observation per rolling ID: many beacons hear the same wearable.
    const latestByRid = new Map<string, number>();
    for (const sighting of sightings) {
      const rid = Buffer.from(sighting.rollingId).toString("base64url");
      latestByRid.set(rid, Math.max(latestByRid.get(rid) ?? 0, sighting.observedAtMs));
    }
    const rids = [...latestByRid.keys()];
    const resolved = await Promise.all(rids.map((rid) => this.redis.get(redisKeys.rollingId(rid))));

    // Unknown, out of window, and unconsented all end here alike: not recognised, no event.
    const latestByCustomer = new Map<string, number>();
    rids.forEach((rid, index) => {
      const entry = resolved[index] ? parseResolverValue(resolved[index]) : undefined;
      const observedAtMs = latestByRid.get(rid) ?? 0;
      if (entry && withinSkew(observedAtMs / 1000, entry.interval)) {
        latestByCustomer.set(entry.customerId, Math.max(latestByCustomer.get(entry.customerId) ?? 0, observedAtMs));
      }
    });
    const customers = [...latestByCustomer.keys()];
    const consents = await Promise.all(
      customers.map((customerId) =>
        this.redis.hmGet(redisKeys.consentProjection(customerId, brandId), ["recognition", "pseudonym"]),
      ),
    );

    const present: Arrival[] = [];
    customers.forEach((customerId, index) => {
      const [recognition, pseudonym] = consents[index] ?? [];
      if (recognition === "1" && pseudonym) present.push({ pseudonym, observedAtMs: latestByCustomer.get(customerId) ?? 0 });
    });
    const arrivals = (
      await this.visits.seen(
        brandId,
        storeId,
        present.map((visitor) => ({ pseudonym: visitor.pseudonym, seenAtMs: visitor.observedAtMs })),
      )
    ).map((visitor) => ({ pseudonym: visitor.pseudonym, observedAtMs: visitor.seenAtMs }));
    return { arrivals, rollingIds: rids.length, recognised: present.length };
  }
}
