// WatchPresence: a store system's gRPC view of its store — who is present now, then live events.
import { fromBinary } from "@bufbuild/protobuf";
import type { NatsConnection } from "@nats-io/transport-node";
import { PresenceEventKind, PresenceEventSchema } from "#gen/usual/presence/v1/events_pb.js";
import type { WatchPresenceResponseSchema } from "#gen/usual/presence/v1/presence_pb.js";
import type { StreamingCallContext } from "#libs/grpc/src/index.js";
import { subjects } from "#libs/nats/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import { presenceEvent, reportUnreadableCard } from "./presence-events.js";
import type { PresentCards } from "./store/counter-cards.js";
import type { Visits } from "./store/visits.js";

export type WatchDeps = {
  readonly nats: NatsConnection;
  readonly visits: Visits;
  readonly cards: PresentCards;
  readonly logger: Logger;
};

export async function watchStore(
  { nats, visits, cards, logger }: WatchDeps,
  brandId: string,
  storeId: string,
  call: StreamingCallContext<typeof WatchPresenceResponseSchema>,
): Promise<void> {
  // Subscribe before reading the snapshot, so nothing falls between the two.
  const subscription = nats.subscribe(subjects.presence(brandId, storeId));
  const stop = () => subscription.unsubscribe();
  call.signal.addEventListener("abort", stop, { once: true });
  try {
    const present = await visits.presentNow(brandId, storeId, Date.now());
    const presentCards = await cards.of(
      brandId,
      storeId,
      present.map((visitor) => visitor.pseudonym),
    );
    const inSnapshot = new Set(present.map((visitor) => visitor.pseudonym));
    for (const [index, visitor] of present.entries()) {
      const card = presentCards[index] ?? { card: {}, unreadable: [] };
      if (card.unreadable.length > 0) reportUnreadableCard(logger, { brandId, storeId }, card.unreadable);
      await call.send({
        event: presenceEvent(PresenceEventKind.PRESENT, brandId, storeId, visitor.pseudonym, visitor.seenAtMs, card.card),
      });
    }
    for await (const msg of subscription) {
      const event = fromBinary(PresenceEventSchema, msg.data);
      // An arrival published while the snapshot was read is already in it.
      if (event.kind === PresenceEventKind.ARRIVED && inSnapshot.delete(event.customerPseudonym)) continue;
      inSnapshot.delete(event.customerPseudonym);
      await call.send({ event });
    }
  } finally {
    call.signal.removeEventListener("abort", stop);
    stop();
  }
}
