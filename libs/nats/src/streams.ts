// JetStream streams shared as contracts. Every service that reads or writes one calls
// ensureStream first, so start-up order does not matter.
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from "@nats-io/jetstream";
import { streams, subjects } from "./subjects.js";

const HOUR_NS = 60 * 60 * 1_000_000_000;
const DAY_NS = 24 * HOUR_NS;

export const consentLedgerStream: Partial<StreamConfig> & { name: string } = {
  name: streams.consentLedger,
  subjects: [subjects.consentLedgerAll],
  storage: StorageType.File,
  retention: RetentionPolicy.Limits,
  // The ledger is the durable record: nothing ages out.
  max_age: 0,
  num_replicas: 1,
};

export const consentChangesStream: Partial<StreamConfig> & { name: string } = {
  name: streams.consentChanges,
  subjects: [subjects.consentChanged],
  storage: StorageType.File,
  retention: RetentionPolicy.Limits,
  // Notifications for projections and caches; consumers that fall further behind rebuild.
  max_age: 7 * DAY_NS,
  num_replicas: 1,
};

export const customerErasuresStream: Partial<StreamConfig> & { name: string } = {
  name: streams.customerErasures,
  subjects: [subjects.customerErased],
  storage: StorageType.File,
  retention: RetentionPolicy.Limits,
  // Long enough for any service that was down to catch up and erase.
  max_age: 30 * DAY_NS,
  num_replicas: 1,
};

export const presenceEventsStream: Partial<StreamConfig> & { name: string } = {
  name: streams.presenceEvents,
  subjects: [subjects.presenceAll],
  storage: StorageType.File,
  retention: RetentionPolicy.Limits,
  // Only for displays that reconnect (Last-Event-ID): an hour covers any outage worth resuming.
  max_age: HOUR_NS,
  num_replicas: 1,
};

export const staffFeedbackStream: Partial<StreamConfig> & { name: string } = {
  name: streams.staffFeedback,
  subjects: [subjects.staffFeedbackAll],
  storage: StorageType.File,
  retention: RetentionPolicy.Limits,
  // Kept for recommendations to consume durably, even after a long outage.
  max_age: 30 * DAY_NS,
  // Publishers set Nats-Msg-Id to the feedback id: a retried POST within this window is stored once.
  duplicate_window: 10 * 60 * 1_000_000_000,
  num_replicas: 1,
};

export async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (error) {
      // Another service created it in between.
      await jsm.streams.info(config.name).catch(() => {
        throw error;
      });
    }
  }
}

export type DurableConsumerOptions = {
  /** The stream, ensured before the consumer is added. */
  readonly stream: Partial<StreamConfig> & { name: string };
  readonly durableName: string;
  /** 1 applies messages strictly one at a time, in stream order, across every replica. */
  readonly maxAckPending?: number;
  /** Handles one message; a throw is reported with onError and the message redelivered after 1 s. */
  handle(data: Uint8Array): Promise<void>;
  onError(error: unknown): void;
};

/**
 * Consumes a stream through a durable pull consumer (explicit ack, deliver all), acking each
 * message its handler finished and NAKing with a 1 s delay one it threw on. Returns the stop.
 */
export async function consumeDurably(
  js: JetStreamClient,
  jsm: JetStreamManager,
  options: DurableConsumerOptions,
): Promise<() => Promise<void>> {
  const { stream, durableName } = options;
  await ensureStream(jsm, stream);
  await jsm.consumers.add(stream.name, {
    durable_name: durableName,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ...(options.maxAckPending === undefined ? {} : { max_ack_pending: options.maxAckPending }),
  });
  const messages = await (await js.consumers.get(stream.name, durableName)).consume();
  void (async () => {
    for await (const msg of messages) {
      try {
        await options.handle(msg.data);
        msg.ack();
      } catch (error) {
        options.onError(error);
        msg.nak(1_000);
      }
    }
  })();
  return async () => {
    await messages.close();
  };
}
