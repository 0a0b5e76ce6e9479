// Presence events on usual.presence.v1.<brand>.<store>: the counter display's feed.
import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { NatsConnection } from "@nats-io/transport-node";
import { PresenceEventKind, PresenceEventSchema } from "#gen/usual/presence/v1/events_pb.js";
import { publishMessage, subjects } from "#libs/nats/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import type { CounterCardInit } from "./domain/counter-card.js";

export type PresenceEventInit = MessageInitShape<typeof PresenceEventSchema>;

export function presenceEvent(
  kind: PresenceEventKind,
  brandId: string,
  storeId: string,
  pseudonym: string,
  observedAtMs: number,
  /** ARRIVED and PRESENT only. */
  card?: CounterCardInit,
): PresenceEventInit & { brandId: string; storeId: string } {
  return {
    ...(card ? { card } : {}),
    kind,
    brandId,
    storeId,
    customerPseudonym: pseudonym,
    observedAt: timestampFromMs(observedAtMs),
    publishedAt: timestampFromMs(Date.now()),
  };
}

export function publishPresence(nats: NatsConnection, event: PresenceEventInit & { brandId: string; storeId: string }): void {
  publishMessage(nats, subjects.presence(event.brandId, event.storeId), PresenceEventSchema, event);
}

export { PresenceEventKind };

/** A stored card or suggestions value that does not decode: the event goes out without that part. Never says whose. */
export function reportUnreadableCard(
  logger: Logger,
  store: { readonly brandId: string; readonly storeId: string },
  unreadable: readonly string[],
): void {
  logger.warn({ unreadable, brandId: store.brandId, storeId: store.storeId }, "counter card part unreadable, left out");
}
