// WatchPresence: a store system's gRPC view of its store — who is present now, then live events.
import { fromBinary } from "@bufbuild/protobuf";
import type { NatsConnection } from "@nats-io/transport-node";
import { PresenceEventKind, PresenceEventSchema } from "#gen/usual/presence/v1/events_pb.js";
import type { WatchPresenceResponseSchema } from "#gen/usual/presence/v1/presence_pb.js";
import type { StreamingCallContext } from "#libs/grpc/src/index.js";
import { subjects } from "#libs/nats/src/index.js";
import { presenceEvent } from "./presence-events.js";
import type { Visits } from "./store/visits.js";

export async function watchStore(
  nats: NatsConnection,
  visits: Visits,
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
    const inSnapshot = new Set(present.map((visitor) => visitor.pseudonym));
    for (const visitor of present) {
      await call.send({ event: presenceEvent(PresenceEventKind.PRESENT, brandId, storeId, visitor.pseudonym, visitor.seenAtMs) });
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
