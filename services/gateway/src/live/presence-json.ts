// Presence events as the REST API and the live stream show them.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { CounterCard, PresenceEvent } from "#gen/usual/presence/v1/events_pb.js";

export interface SharedChoiceJson {
  choiceId: string;
  /** The brand's label of the choice, e.g. "Regular order". */
  label: string;
  /** The answer as shown, e.g. "Tall drip Pike". */
  answer: string;
}

export interface DontAskJson {
  itemId: string;
  /** e.g. "Paper receipt". */
  label: string;
}

export interface SuggestionJson {
  itemId: string;
  /** e.g. "Iced caramel macchiato". */
  label: string;
  /** Why, in words the counter can say, e.g. "because you love the caramel macchiato". */
  reason: string;
}

/** Only what this customer shared with this brand; each part only under its consent. */
export interface CounterCardJson {
  /** Present only when the customer allowed greeting by name. */
  greetingName?: string;
  choices: SharedChoiceJson[];
  dontAsk: DontAskJson[];
  suggestions: SuggestionJson[];
}

export interface PresentCustomer {
  /** The brand's pseudonym for the customer, never who they are. */
  customerPseudonym: string;
  /** When the customer was last seen (arrived: when the sighting that caused it was heard). */
  observedAt: string;
  /** Absent when the customer shared nothing beyond being recognised. */
  card?: CounterCardJson;
}

function cardJson(card: CounterCard | undefined): CounterCardJson | undefined {
  if (!card) return undefined;
  const json: CounterCardJson = {
    choices: card.choices.map(({ choiceId, label, answer }) => ({ choiceId, label, answer })),
    dontAsk: card.dontAsk.map(({ itemId, label }) => ({ itemId, label })),
    suggestions: card.suggestions.map(({ itemId, label, reason }) => ({ itemId, label, reason })),
  };
  if (card.greetingName) json.greetingName = card.greetingName;
  const empty = !json.greetingName && json.choices.length + json.dontAsk.length + json.suggestions.length === 0;
  return empty ? undefined : json;
}

export function presentCustomerJson(event: PresenceEvent): PresentCustomer {
  const json: PresentCustomer = {
    customerPseudonym: event.customerPseudonym,
    observedAt: (event.observedAt ? timestampDate(event.observedAt) : new Date(0)).toISOString(),
  };
  const card = cardJson(event.card);
  if (card) json.card = card;
  return json;
}
