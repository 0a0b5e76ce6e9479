// Listens on a store's presence subject the way a counter display does.
import type { NatsConnection } from "@nats-io/transport-node";
import { type PresenceEvent, PresenceEventSchema } from "#gen/usual/presence/v1/events_pb.js";
import { subjects, subscribeMessages } from "#libs/nats/src/index.js";

export type PresenceListener = {
  readonly events: PresenceEvent[];
  /** Resolves with the next event at or after index `from`, or rejects after timeoutMs. */
  next(from: number, timeoutMs: number): Promise<PresenceEvent>;
  close(): void;
};

export function listenToStore(nc: NatsConnection, brandId: string, storeId: string): PresenceListener {
  const events: PresenceEvent[] = [];
  const waiters: (() => void)[] = [];
  const subscription = subscribeMessages(nc, subjects.presence(brandId, storeId), PresenceEventSchema, ({ message }) => {
    events.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    events,
    async next(from, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (events.length <= from) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no presence event at ${storeId} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return events[from] as PresenceEvent;
    },
    close: () => subscription.unsubscribe(),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
