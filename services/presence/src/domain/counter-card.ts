// The counter card of an arrival: what the customer shares with this brand, each part only under
// its own consent. Consent keeps the stored SharedCard filtered already; the purpose fields read
// beside it are checked again here, so a card written before a withdrawal reached it, or a
// suggestions string recommendations has not cleared, never shows more than is given now.
import { type DescMessage, fromBinary, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { SharedCardSchema } from "#gen/usual/consent/v1/card_pb.js";
import type { CounterCardSchema } from "#gen/usual/presence/v1/events_pb.js";
import { SuggestionsSchema } from "#gen/usual/recommendations/v1/suggestions_pb.js";

export type CounterCardInit = MessageInitShape<typeof CounterCardSchema>;

/** What the projection and the suggestions key held for one customer at one brand, undecoded. */
export type CardSource = {
  readonly greetByName: boolean;
  readonly preferences: boolean;
  readonly recommendations: boolean;
  /** Binary usual.consent.v1.SharedCard, field `card` of the projection. */
  readonly card: Uint8Array | null;
  /** Binary usual.recommendations.v1.Suggestions. */
  readonly suggestions: Uint8Array | null;
};

export type CounterCardOutcome = {
  readonly card: CounterCardInit;
  /** Stored values that are not the protobuf the contract says; their parts are left empty. */
  readonly unreadable: readonly ("card" | "suggestions")[];
};

/** Decodes only what a purpose allows. Empty parts stay empty (left out on the wire). */
export function counterCard(source: CardSource): CounterCardOutcome {
  const card: CounterCardInit = {};
  const unreadable: ("card" | "suggestions")[] = [];
  if ((source.greetByName || source.preferences) && source.card && source.card.length > 0) {
    const shared = decode(SharedCardSchema, source.card);
    if (!shared) unreadable.push("card");
    else {
      if (source.greetByName) card.greetingName = shared.greetingName;
      if (source.preferences) {
        card.choices = shared.choices;
        card.dontAsk = shared.dontAsk;
      }
    }
  }
  if (source.recommendations && source.suggestions && source.suggestions.length > 0) {
    const suggestions = decode(SuggestionsSchema, source.suggestions);
    if (!suggestions) unreadable.push("suggestions");
    else card.suggestions = suggestions.suggestions;
  }
  return { card, unreadable };
}

function decode<Desc extends DescMessage>(schema: Desc, bytes: Uint8Array): MessageShape<Desc> | undefined {
  try {
    return fromBinary(schema, bytes);
  } catch {
    return undefined;
  }
}
