import { createHash } from "node:crypto";
import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { Channel, ConsentState, EntryKind, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { type LedgerEntry, LedgerEntrySchema } from "#gen/usual/consent/v1/events_pb.js";

/** SHA-256 over the entry's protobuf encoding with `hash` empty, hex. Covers the sealed data as stored. */
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

/** The purpose's name as the projection and receipts spell it: "recognition", "greet_by_name", ... */
export function purposeName(purpose: Purpose): string {
  return Purpose[purpose].toLowerCase();
}

export function channelName(channel: Channel): string {
  return channel === Channel.UNSPECIFIED ? "" : Channel[channel].toLowerCase();
}

/** The projection's field for a purpose: "recognition", ..., and "notifications.<channel>" per channel. */
export function purposeField(purpose: Purpose, channel: Channel = Channel.UNSPECIFIED): string {
  const name = purposeName(purpose);
  return channel === Channel.UNSPECIFIED ? name : `${name}.${channelName(channel)}`;
}

export function stateName(state: ConsentState): string {
  return state === ConsentState.UNSPECIFIED ? "" : ConsentState[state].toLowerCase();
}

export function kindName(kind: EntryKind): string {
  return EntryKind[kind].toLowerCase();
}

export function isGiven(state: ConsentState): boolean {
  return state === ConsentState.GIVEN;
}
