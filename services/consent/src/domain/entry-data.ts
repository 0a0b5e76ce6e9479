// The personal part of a ledger entry, sealed under the customer's key; and the card parts the
// projection keeps for the purposes that carry data.
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { SharedCardSchema } from "#gen/usual/consent/v1/card_pb.js";
import { type EntryData, EntryDataSchema, type LedgerEntry } from "#gen/usual/consent/v1/events_pb.js";
import { open, seal } from "./sealing.js";

export function sealData(key: Uint8Array, customerId: string, data: MessageInitShape<typeof EntryDataSchema>): Uint8Array {
  return seal(key, toBinary(EntryDataSchema, create(EntryDataSchema, data)), customerId);
}

/** The entry's personal data, or undefined when it has none or its key is gone (erased). */
export function openData(key: Uint8Array | undefined, entry: LedgerEntry): EntryData | undefined {
  if (!key || entry.sealedData.length === 0) return undefined;
  return fromBinary(EntryDataSchema, open(key, entry.sealedData, entry.customerId));
}

/** The part of the counter card an entry's data fills: the name, or the answers. */
export function cardPart(data: EntryData | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  return toBinary(
    SharedCardSchema,
    create(SharedCardSchema, { greetingName: data.greetingName, choices: data.choices, dontAsk: data.dontAsk }),
  );
}
