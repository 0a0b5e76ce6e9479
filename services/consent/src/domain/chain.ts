import type { LedgerEntry } from "#gen/usual/consent/v1/events_pb.js";
import { entryHash } from "./ledger-entry.js";

export type ChainBreak = { readonly sequence: number; readonly reason: string };

/** Walks one customer's entries in stream order and returns the first that breaks the chain. */
export function firstBreak(entries: readonly { entry: LedgerEntry; sequence: number }[]): ChainBreak | undefined {
  let previousHash = "";
  for (const { entry, sequence } of entries) {
    if (entryHash(entry) !== entry.hash)
      return { sequence, reason: "the entry's content does not match its hash: it was altered" };
    if (entry.previousHash !== previousHash) {
      return { sequence, reason: "the entry does not link to the one before it: an entry was removed, altered or forged" };
    }
    previousHash = entry.hash;
  }
  return undefined;
}
