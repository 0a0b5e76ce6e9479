// Folds a customer's ledger (in order, data opened) into where each decision stands now: the
// programme, and per brand each purpose (and channel), with what the brand is shown.
import { ConsentState, EntryKind } from "#gen/usual/consent/v1/consent_pb.js";
import type { EntryData, LedgerEntry } from "#gen/usual/consent/v1/events_pb.js";
import { purposeField } from "./ledger-entry.js";

export type OpenedEntry = { readonly entry: LedgerEntry; readonly sequence: number; readonly data: EntryData | undefined };

export type BrandStanding = {
  /** Last decision per projection field ("recognition", "notifications.push", ...). */
  readonly decisions: Map<string, OpenedEntry>;
  pseudonym: string;
};

export type CustomerStanding = {
  programme: OpenedEntry | undefined;
  readonly brands: Map<string, BrandStanding>;
  erased: OpenedEntry | undefined;
};

export function foldLedger(entries: Iterable<OpenedEntry>): CustomerStanding {
  const standing: CustomerStanding = { programme: undefined, brands: new Map(), erased: undefined };
  for (const opened of entries) {
    const { entry } = opened;
    if (entry.kind === EntryKind.PROGRAMME) standing.programme = opened;
    else if (entry.kind === EntryKind.ERASURE) standing.erased = opened;
    else if (entry.kind === EntryKind.BRAND) {
      const brand = standing.brands.get(entry.brandId) ?? { decisions: new Map(), pseudonym: "" };
      brand.decisions.set(purposeField(entry.purpose, entry.channel), opened);
      if (opened.data?.brandPseudonym) brand.pseudonym = opened.data.brandPseudonym;
      standing.brands.set(entry.brandId, brand);
    }
  }
  return standing;
}

export function isGivenDecision(decision: OpenedEntry | undefined): decision is OpenedEntry {
  return decision?.entry.state === ConsentState.GIVEN;
}

/** Every brand decision still given: what leaving the programme withdraws. */
export function liveDecisions(standing: CustomerStanding): OpenedEntry[] {
  return [...standing.brands.values()].flatMap((brand) => [...brand.decisions.values()].filter(isGivenDecision));
}
