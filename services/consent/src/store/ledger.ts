// The consent ledger: one JetStream subject per customer in the file-backed CONSENT_LEDGER
// stream. An append is acknowledged only once the server has stored it, and optimistic
// concurrency (expected last sequence per subject) keeps each customer's hash chain linear.
import { fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { type LedgerEntry, LedgerEntrySchema } from "#gen/usual/consent/v1/events_pb.js";
import { consentLedgerStream, ensureStream, streams, subjects, tracedHeaders } from "#libs/nats/src/index.js";
import { sealEntry } from "../domain/ledger-entry.js";

export class LedgerConflictError extends Error {
  override name = "LedgerConflictError";
}

export type StoredEntry = { readonly entry: LedgerEntry; readonly sequence: number };

const MAX_APPEND_ATTEMPTS = 50;

function isWrongLastSequence(error: unknown): boolean {
  return error instanceof Error && /wrong last sequence/i.test(error.message);
}

function isNoMessage(error: unknown): boolean {
  return error instanceof Error && /no message found|not found/i.test(error.message);
}

export class ConsentLedger {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

  async ensure(): Promise<void> {
    await ensureStream(this.jsm, consentLedgerStream);
  }

  async last(customerId: string): Promise<StoredEntry | undefined> {
    try {
      const stored = await this.jsm.streams.getMessage(streams.consentLedger, {
        last_by_subj: subjects.consentLedger(customerId),
      });
      if (!stored) return undefined;
      return { entry: fromBinary(LedgerEntrySchema, stored.data), sequence: stored.seq };
    } catch (error) {
      if (isNoMessage(error)) return undefined;
      throw error;
    }
  }

  /**
   * Appends an entry to the customer's chain. A race with another writer (another replica) is
   * caught by the expected last sequence and retried on the new end of the chain.
   */
  async append(draft: MessageInitShape<typeof LedgerEntrySchema> & { customerId: string }): Promise<StoredEntry> {
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      const previous = await this.last(draft.customerId);
      const entry = sealEntry(draft, previous?.entry.hash ?? "");
      try {
        const ack = await this.js.publish(subjects.consentLedger(draft.customerId), toBinary(LedgerEntrySchema, entry), {
          expect: { lastSubjectSequence: previous?.sequence ?? 0 },
          headers: tracedHeaders(),
        });
        return { entry, sequence: ack.seq };
      } catch (error) {
        if (!isWrongLastSequence(error)) throw error;
      }
    }
    throw new LedgerConflictError(`could not append after ${MAX_APPEND_ATTEMPTS} concurrent attempts`);
  }

  /** One customer's entries, in order; only those after `afterSequence` when given. */
  async *entriesOf(customerId: string, afterSequence = 0): AsyncGenerator<StoredEntry> {
    const last = await this.last(customerId);
    if (!last || last.sequence <= afterSequence) return;
    const consumer = await this.js.consumers.get(streams.consentLedger, {
      filter_subjects: subjects.consentLedger(customerId),
      ...(afterSequence > 0
        ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSequence + 1 }
        : { deliver_policy: DeliverPolicy.All }),
    });
    const messages = await consumer.consume();
    try {
      for await (const msg of messages) {
        yield { entry: fromBinary(LedgerEntrySchema, msg.data), sequence: msg.seq };
        if (msg.seq >= last.sequence) break;
      }
    } finally {
      await messages.close();
    }
  }

  /** Every entry from the start of the stream, in order (for rebuilding the projection). */
  async *replay(): AsyncGenerator<StoredEntry> {
    const info = await this.jsm.streams.info(streams.consentLedger);
    const lastSequence = info.state.last_seq;
    if (info.state.messages === 0) return;
    const consumer = await this.js.consumers.get(streams.consentLedger, { deliver_policy: DeliverPolicy.All });
    const messages = await consumer.consume();
    try {
      for await (const msg of messages) {
        yield { entry: fromBinary(LedgerEntrySchema, msg.data), sequence: msg.seq };
        if (msg.seq >= lastSequence) break;
      }
    } finally {
      await messages.close();
    }
  }
}
