// Who is present at a store now, from presence's WatchPresence: it opens with one PRESENT event
// per customer present, then streams arrivals and departures. The snapshot has no end marker, so
// it is taken as over at the first live event, or once the stream has been quiet for a moment.
import type { ServiceError } from "@grpc/grpc-js";
import { type PresenceEvent, PresenceEventKind } from "#gen/usual/presence/v1/events_pb.js";
import type { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import type { ServiceClient } from "#libs/grpc/src/index.js";
import { ServiceCallError } from "../http/problem.js";

export type PresenceClient = ServiceClient<typeof PresenceService>;

const storeField = (path: string) => (path === "store_id" ? "storeId" : path);

export async function presentNow(
  presence: PresenceClient,
  storeId: string,
  storeCredential: string,
  quietMs: number,
  signal?: AbortSignal,
): Promise<PresenceEvent[]> {
  const events: PresenceEvent[] = [];
  for await (const event of snapshotEvents(presence, storeId, storeCredential, quietMs, signal)) events.push(event);
  return events;
}

/** PRESENT events as they come; ends when the snapshot is over. Errors are ServiceCallError. */
export async function* snapshotEvents(
  presence: PresenceClient,
  storeId: string,
  storeCredential: string,
  quietMs: number,
  signal?: AbortSignal,
): AsyncGenerator<PresenceEvent> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal?.addEventListener("abort", stop, { once: true });
  const responses = presence
    .watchPresence({ storeId }, { bearer: storeCredential, signal: controller.signal })
    [Symbol.asyncIterator]();
  try {
    while (!controller.signal.aborted) {
      let timer: NodeJS.Timeout | undefined;
      const quiet = new Promise<"quiet">((resolve) => {
        timer = setTimeout(() => resolve("quiet"), quietMs);
      });
      const pending = responses.next();
      // Whatever the race leaves behind settles after the call is cancelled.
      pending.catch(() => {});
      const next = await Promise.race([pending, quiet]).finally(() => clearTimeout(timer));
      if (next === "quiet" || next.done) return;
      const event = next.value.event;
      if (!event || event.kind !== PresenceEventKind.PRESENT) return;
      yield event;
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    if (typeof (error as ServiceError).code === "number") throw new ServiceCallError(error as ServiceError, storeField);
    throw error;
  } finally {
    signal?.removeEventListener("abort", stop);
    controller.abort();
    responses.return?.(undefined).catch(() => {});
  }
}
