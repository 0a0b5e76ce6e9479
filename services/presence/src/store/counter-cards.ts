// Reading what a counter card may show: the consent projection's purpose fields and shared card
// (consent writes them) and the suggestions recommendations precomputed (docs/redis-keys.md).
// The card and suggestions are binary protobuf; the hot path's pipeline answers them as Buffers.
import { type RespPipeline, redisKeys } from "#libs/redis/src/index.js";
import { type CounterCardOutcome, counterCard } from "../domain/counter-card.js";
import type { Visits } from "./visits.js";

/** The projection fields a counter card is built from, in this order (cardFrom). */
export const CARD_FIELDS = ["greet_by_name", "preferences", "recommendations", "card"] as const;
/** The projection fields presence reads: recognition and pseudonym decide, the rest is the card. */
const PROJECTION_FIELDS = ["recognition", "pseudonym", ...CARD_FIELDS];
type Projection = readonly (Buffer | null)[];

/** A purpose field read as bytes: "1" is given. */
const given = (value: Buffer | null | undefined): boolean => value?.length === 1 && value[0] === 0x31;

/** The projection read with PROJECTION_FIELDS lets the customer be recognised: the pseudonym, or undefined. */
function recognisedAs(projection: Projection): string | undefined {
  const pseudonym = projection[1];
  return given(projection[0]) && pseudonym && pseudonym.length > 0 ? pseudonym.toString() : undefined;
}

/** The card from the CARD_FIELDS of a projection, in that order, and the suggestions value. */
export function cardFrom(cardFields: readonly (Buffer | null)[], suggestions: Buffer | null): CounterCardOutcome {
  return counterCard({
    greetByName: given(cardFields[0]),
    preferences: given(cardFields[1]),
    recommendations: given(cardFields[2]),
    card: cardFields[3] ?? null,
    suggestions,
  });
}

/** The projection and suggestions of customers at one brand, in one pipelined round trip. */
async function readCardSources(
  redis: RespPipeline,
  brandId: string,
  customerIds: readonly string[],
): Promise<{ projections: Projection[]; suggestions: (Buffer | null)[] }> {
  const reads = customerIds.map((customerId) =>
    redis.call(["HMGET", redisKeys.consentProjection(customerId, brandId), ...PROJECTION_FIELDS]),
  );
  for (const customerId of customerIds) reads.push(redis.call(["GET", redisKeys.suggestions(customerId, brandId)]));
  const replies = await Promise.all(reads);
  const projections = replies.slice(0, customerIds.length) as Projection[];
  const suggestions = replies.slice(customerIds.length) as (Buffer | null)[];
  return { projections, suggestions };
}

/** Cards of visitors already present, for WatchPresence's snapshot: read anew, under today's consent. */
export class PresentCards {
  constructor(
    private readonly redis: RespPipeline,
    private readonly visits: Pick<Visits, "customersOf">,
  ) {}

  /** Per pseudonym, its card; an empty one for a visitor no longer recognised or not kept. */
  async of(brandId: string, storeId: string, pseudonyms: readonly string[]): Promise<CounterCardOutcome[]> {
    const customerIds = await this.visits.customersOf(brandId, storeId, pseudonyms);
    const known = customerIds.filter((id): id is string => id !== null);
    const { projections, suggestions } = await readCardSources(this.redis, brandId, known);
    let next = 0;
    return customerIds.map((customerId, index) => {
      if (customerId === null) return { card: {}, unreadable: [] };
      const at = next++;
      const projection = projections[at] ?? [];
      return recognisedAs(projection) === pseudonyms[index]
        ? cardFrom(projection.slice(2), suggestions[at] ?? null)
        : { card: {}, unreadable: [] };
    });
  }
}
