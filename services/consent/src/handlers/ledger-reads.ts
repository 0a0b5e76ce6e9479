// Reading one customer's ledger with its sealed data opened.
import type { OpenedEntry } from "../domain/consent-state.js";
import { openData } from "../domain/entry-data.js";
import { SealedDataError } from "../domain/sealing.js";
import type { ConsentLedger, StoredEntry } from "../store/ledger.js";

export async function openedEntries(
  ledger: ConsentLedger,
  customerId: string,
  key: Uint8Array | undefined,
): Promise<OpenedEntry[]> {
  const entries: OpenedEntry[] = [];
  for await (const stored of ledger.entriesOf(customerId)) entries.push({ ...stored, data: openedData(key, stored) });
  return entries;
}

/** Data that does not open (an altered entry) reads as none; VerifyLedger names the entry. */
function openedData(key: Uint8Array | undefined, stored: StoredEntry) {
  try {
    return openData(key, stored.entry);
  } catch (error) {
    if (error instanceof SealedDataError) return undefined;
    throw error;
  }
}
