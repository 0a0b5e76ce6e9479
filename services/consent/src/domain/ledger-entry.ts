import { createHash } from "node:crypto";
import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { ConsentState, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { type LedgerEntry, LedgerEntrySchema } from "#gen/usual/consent/v1/events_pb.js";

/** SHA-256 over the entry's protobuf encoding with `hash` empty, hex. */
export function entryHash(entry: LedgerEntry): string {
  const unhashed = create(LedgerEntrySchema, { ...entry, hash: "" });
  return createHash("sha256").update(toBinary(LedgerEntrySchema, unhashed)).digest("hex");
}

/** Seals a new entry onto the end of a customer's chain. */
export function sealEntry(draft: MessageInitShape<typeof LedgerEntrySchema>, previousHash: string): LedgerEntry {
  const entry = create(LedgerEntrySchema, { ...draft, previousHash, hash: "" });
  entry.hash = entryHash(entry);
  return entry;
}

/** The projection's field name for a purpose: "recognition", "greet_by_name", ... */
export function purposeField(purpose: Purpose): string {
  return Purpose[purpose].toLowerCase();
}

export function isGiven(state: ConsentState): boolean {
  return state === ConsentState.GIVEN;
}
