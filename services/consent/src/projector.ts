// Applies ledger entries to the Redis projection, opening their sealed data with the
// customer's key; and rebuilds the whole projection from the ledger when Redis lost it.
import { ConsentState, EntryKind, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import type { EntryData } from "#gen/usual/consent/v1/events_pb.js";
import { cardPart, openData } from "./domain/entry-data.js";
import { purposeField } from "./domain/ledger-entry.js";
import type { CustomerKeys } from "./store/customer-keys.js";
import type { ConsentLedger, StoredEntry } from "./store/ledger.js";
import type { ConsentProjection } from "./store/projection.js";

const DATA_PURPOSES = new Set([Purpose.GREET_BY_NAME, Purpose.PREFERENCES]);

export class ConsentProjector {
  constructor(
    readonly projection: ConsentProjection,
    private readonly keys: CustomerKeys,
  ) {}

  /** Applies one entry; returns whether the customer still has a live recognition consent anywhere. */
  async apply({ entry, sequence }: StoredEntry, key: Uint8Array | undefined): Promise<boolean> {
    const given = entry.state === ConsentState.GIVEN;
    switch (entry.kind) {
      case EntryKind.PROGRAMME:
        return this.projection.applyProgramme(entry.customerId, given, sequence);
      case EntryKind.ERASURE:
        await this.projection.clearCustomer(entry.customerId, sequence);
        return false;
      default: {
        const data: EntryData | undefined = openData(key, entry);
        return this.projection.applyBrand({
          customerId: entry.customerId,
          brandId: entry.brandId,
          field: purposeField(entry.purpose, entry.channel),
          given,
          sequence,
          pseudonym: data?.brandPseudonym ?? "",
          cardPart: given && DATA_PURPOSES.has(entry.purpose) ? cardPart(data) : new Uint8Array(0),
        });
      }
    }
  }

  /**
   * Rebuilds from the ledger when Redis has lost the projection (its watermark is missing):
   * after a Redis restart without persistence, or on a fresh Redis.
   */
  async rebuildIfMissing(ledger: ConsentLedger): Promise<number | undefined> {
    if (await this.projection.hasWatermark()) return undefined;
    const keys = new Map<string, Uint8Array | undefined>();
    const lastOf = new Map<string, number>();
    let applied = 0;
    let lastSequence = 0;
    for await (const stored of ledger.replay()) {
      const customerId = stored.entry.customerId;
      if (!keys.has(customerId)) keys.set(customerId, (await this.keys.find(customerId)).key);
      await this.apply(stored, keys.get(customerId));
      lastOf.set(customerId, stored.sequence);
      applied++;
      lastSequence = stored.sequence;
    }
    for (const [customerId, sequence] of lastOf) await this.projection.settle(customerId, sequence);
    await this.projection.setWatermark(lastSequence);
    return applied;
  }
}
