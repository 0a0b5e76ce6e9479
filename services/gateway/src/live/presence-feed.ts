// The store's presence events as JetStream keeps them (stream PRESENCE_EVENTS, which captures
// everything presence publishes): a display's event id is the stream sequence, so a display that
// reconnects with Last-Event-ID resumes right after the last event it saw, with an ordered
// consumer filtered to its store's subject (one filter subject: nats-server 2.9 has no more).
import { fromBinary } from "@bufbuild/protobuf";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { type PresenceEvent, PresenceEventSchema } from "#gen/usual/presence/v1/events_pb.js";
import { streams, subjects } from "#libs/nats/src/index.js";

export type FeedEvent = { readonly sequence: number; readonly event: PresenceEvent };

export type PresenceFeed = {
  /** The stream's first and last sequence now (first = last + 1 when it holds nothing). */
  bounds(): Promise<{ first: number; last: number }>;
  /** The store's events after `afterSequence`, as they come, until the signal aborts. */
  follow(brandId: string, storeId: string, afterSequence: number, signal: AbortSignal): AsyncGenerator<FeedEvent>;
};

export function createPresenceFeed(js: JetStreamClient, jsm: JetStreamManager): PresenceFeed {
  return {
    async bounds() {
      const { state } = await jsm.streams.info(streams.presenceEvents);
      return { first: state.first_seq, last: state.last_seq };
    },
    async *follow(brandId, storeId, afterSequence, signal) {
      if (signal.aborted) return;
      const consumer = await js.consumers.get(streams.presenceEvents, {
        filter_subjects: subjects.presence(brandId, storeId),
        opt_start_seq: afterSequence + 1,
      });
      const messages = await consumer.consume();
      const stop = () => void messages.close().catch(() => {});
      signal.addEventListener("abort", stop, { once: true });
      try {
        for await (const msg of messages) {
          yield { sequence: msg.seq, event: fromBinary(PresenceEventSchema, msg.data) };
        }
      } finally {
        signal.removeEventListener("abort", stop);
        stop();
        await consumer.delete().catch(() => {});
      }
    },
  };
}
