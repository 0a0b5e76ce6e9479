// Records consent changes: one customer's changes run one after another (CustomerQueue), each
// as append → projection → announce → receipt, and the call returns only after the projection
// update, so the next sighting already sees it. Before each change, entries a failed earlier
// call left unapplied or unannounced are applied and announced first (repair).
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import {
  type Channel,
  type ConsentRecord,
  ConsentRecordSchema,
  type ConsentState,
  EntryKind,
  Purpose,
} from "#gen/usual/consent/v1/consent_pb.js";
import {
  type ConsentChanged,
  ConsentChangedSchema,
  type EntryDataSchema,
  type LedgerEntry,
} from "#gen/usual/consent/v1/events_pb.js";
import { ApplyConsentChangeResponseSchema } from "#gen/usual/identity/v1/internal_pb.js";
import { FailedPreconditionError } from "#libs/errors/src/index.js";
import { encode, requestMessage, subjects, tracedHeaders } from "#libs/nats/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import type { CustomerQueue } from "./customer-queue.js";
import { sealData } from "./domain/entry-data.js";
import type { ConsentProjector } from "./projector.js";
import type { ReceiptSigner } from "./receipts.js";
import type { CustomerKeys } from "./store/customer-keys.js";
import type { ConsentLedger, StoredEntry } from "./store/ledger.js";

/** The facts of an entry; the writer adds the customer, the time, the sealed data and the chain. */
export type EntryDraft = {
  readonly kind: EntryKind;
  readonly state: ConsentState;
  readonly brandId?: string;
  readonly purpose?: Purpose;
  readonly channel?: Channel;
  readonly noticeVersion?: number;
};

/** What a change can do while it holds the customer's turn. */
export type CustomerTurn = {
  readonly customerId: string;
  /** The customer's data key; undefined once they were erased. */
  readonly key: Uint8Array | undefined;
  /** Appends, applies and announces one entry; returns its record with the receipt. */
  commit(draft: EntryDraft, data?: MessageInitShape<typeof EntryDataSchema>): Promise<ConsentRecord>;
  record(stored: StoredEntry): Promise<ConsentRecord>;
};

export type ConsentWriterDeps = {
  readonly nats: NatsConnection;
  readonly js: JetStreamClient;
  readonly logger: Logger;
  readonly ledger: ConsentLedger;
  readonly projector: ConsentProjector;
  readonly keys: CustomerKeys;
  readonly receipts: ReceiptSigner;
  readonly queue: CustomerQueue;
};

export class ConsentWriter {
  constructor(private readonly deps: ConsentWriterDeps) {}

  /** Runs work in the customer's turn, after repairing what earlier calls left undone. */
  inTurn<T>(customerId: string, work: (turn: CustomerTurn) => Promise<T>): Promise<T> {
    return this.deps.queue.run(customerId, async () => {
      const found = await this.deps.keys.find(customerId);
      await this.repair(customerId, found.key);
      return work(this.turn(customerId, found.key));
    });
  }

  /** Like inTurn, but refuses a customer who was erased, and makes their key on first use. */
  inLiveTurn<T>(customerId: string, work: (turn: CustomerTurn) => Promise<T>): Promise<T> {
    return this.inTurn(customerId, async (turn) => {
      const key = turn.key ?? (await this.deps.keys.obtain(customerId));
      if (!key) throw new FailedPreconditionError("the customer's data was erased: nothing more can be recorded");
      return work(this.turn(customerId, key));
    });
  }

  private turn(customerId: string, key: Uint8Array | undefined): CustomerTurn {
    return {
      customerId,
      key,
      commit: async (draft, data) => {
        if (data && !key) throw new FailedPreconditionError("the customer's data was erased: nothing more can be recorded");
        const stored = await this.deps.ledger.append({
          ...draft,
          customerId,
          recordedAt: timestampFromMs(Date.now()),
          ...(data && key ? { sealedData: sealData(key, customerId, data) } : {}),
        });
        await this.settle(stored, key);
        return this.record(stored);
      },
      record: (stored) => this.record(stored),
    };
  }

  private async settle(stored: StoredEntry, key: Uint8Array | undefined): Promise<void> {
    const { entry, sequence } = stored;
    const recognitionLive = await this.deps.projector.apply(stored, key);
    const changed = create(ConsentChangedSchema, {
      customerId: entry.customerId,
      brandId: entry.brandId,
      purpose: entry.purpose,
      channel: entry.channel,
      state: entry.state,
      kind: entry.kind,
      ...(entry.recordedAt ? { changedAt: entry.recordedAt } : {}),
      recognitionLiveAnywhere: recognitionLive,
      entryHash: entry.hash,
      ledgerSequence: BigInt(sequence),
    });
    await this.deps.js.publish(subjects.consentChanged, encode(ConsentChangedSchema, changed), { headers: tracedHeaders() });
    await this.deps.projector.projection.settle(entry.customerId, sequence);
    if (mayChangeRecognition(entry)) await this.applyToResolverTable(changed);
  }

  /**
   * Asks identity to add or drop the customer's rolling IDs before the call returns, so a revoke
   * empties the resolver table within the request (and a grant fills it). Best effort: the
   * change is already durable, presence already refuses a revoked customer from the projection,
   * and identity's durable consumer of CONSENT_CHANGES applies it anyway if identity is away.
   */
  private async applyToResolverTable(changed: ConsentChanged): Promise<void> {
    try {
      await requestMessage(
        this.deps.nats,
        subjects.resolverApply,
        ConsentChangedSchema,
        changed,
        ApplyConsentChangeResponseSchema,
      );
    } catch (error) {
      this.deps.logger.warn({ err: error }, "identity did not confirm the resolver-table update; its consumer will apply it");
    }
  }

  /**
   * Applies and announces the customer's entries after the last one settled: an earlier call
   * whose projection update or publish failed after its append is completed here.
   */
  private async repair(customerId: string, key: Uint8Array | undefined): Promise<void> {
    const last = await this.deps.ledger.last(customerId);
    if (!last) return;
    const settled = await this.deps.projector.projection.settled(customerId);
    if (settled >= last.sequence) return;
    for await (const stored of this.deps.ledger.entriesOf(customerId, settled)) await this.settle(stored, key);
  }

  private async record(stored: StoredEntry): Promise<ConsentRecord> {
    const { entry, sequence } = stored;
    return create(ConsentRecordSchema, {
      kind: entry.kind,
      brandId: entry.brandId,
      purpose: entry.purpose,
      channel: entry.channel,
      state: entry.state,
      noticeVersion: entry.noticeVersion,
      ...(entry.recordedAt ? { recordedAt: entry.recordedAt } : {}),
      entryHash: entry.hash,
      ledgerSequence: BigInt(sequence),
      receipt: await this.deps.receipts.sign(entry, sequence),
    });
  }
}

/** Recognition, the programme (leaving withdraws every brand) and erasure can start or stop recognition. */
function mayChangeRecognition(entry: LedgerEntry): boolean {
  return entry.kind !== EntryKind.BRAND || entry.purpose === Purpose.RECOGNITION;
}
