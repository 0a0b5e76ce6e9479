// One display's live view of its store, over server-sent events:
//
//   ready    id = the stream sequence the view starts after; data {storeId, resumed}
//   present  someone already here when the view (re)started (no id: it is not in the stream)
//   arrived  id = stream sequence; data = the customer and their card
//   left     id = stream sequence; data = the customer
//   reset    the events since Last-Event-ID are no longer kept: drop every card, a snapshot follows
//
// A fresh view takes presence's snapshot (WatchPresence) and, at the same time, follows the
// store's events in JetStream after the sequence read before the snapshot: nothing falls between.
// A PRESENT that comes after a live event about the same customer is stale and is dropped.
import { PresenceEventKind } from "#gen/usual/presence/v1/events_pb.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import type { StoreAccess } from "../access/store-access.js";
import type { PresenceFeed } from "./presence-feed.js";
import { presentCustomerJson } from "./presence-json.js";
import { type PresenceClient, snapshotEvents } from "./presence-snapshot.js";
import type { SseStream } from "./sse.js";

/** A display's snapshot stream is closed after this long without a live event; PRESENT events come first. */
const SNAPSHOT_WINDOW_MS = 30_000;

export type LiveDeps = { readonly presence: PresenceClient; readonly feed: PresenceFeed; readonly logger: Logger };

export type StartingPoint = { readonly after: number; readonly resumed: boolean; readonly lost: boolean };

/**
 * Where to start: after `lastEventId` when the stream still holds what followed it, else afresh
 * after the stream's last sequence (`lost` when a Last-Event-ID could not be honoured). Read
 * before the response starts, so that a NATS failure is still a proper 503.
 */
export async function startingPoint(feed: PresenceFeed, lastEventId: number | undefined): Promise<StartingPoint> {
  const { first, last } = await feed.bounds();
  if (lastEventId !== undefined && lastEventId <= last && lastEventId + 1 >= first) {
    return { after: lastEventId, resumed: true, lost: false };
  }
  return { after: last, resumed: false, lost: lastEventId !== undefined };
}

export async function streamStorePresence(
  deps: LiveDeps,
  access: StoreAccess,
  start: StartingPoint,
  stream: SseStream,
): Promise<void> {
  if (start.lost) stream.send("reset", { storeId: access.storeId });
  stream.send("ready", { storeId: access.storeId, resumed: start.resumed }, start.after);
  // Who had a live event while the snapshot was still coming; not kept once it is over.
  const heardLive = new Set<string>();
  let snapshotOver = start.resumed;
  const snapshot = start.resumed
    ? Promise.resolve()
    : (async () => {
        for await (const event of snapshotEvents(
          deps.presence,
          access.storeId,
          access.storeCredential,
          SNAPSHOT_WINDOW_MS,
          stream.signal,
        )) {
          if (!heardLive.has(event.customerPseudonym)) stream.send("present", presentCustomerJson(event));
        }
      })().finally(() => {
        snapshotOver = true;
        heardLive.clear();
      });
  const live = (async () => {
    for await (const { sequence, event } of deps.feed.follow(access.brandId, access.storeId, start.after, stream.signal)) {
      if (!snapshotOver) heardLive.add(event.customerPseudonym);
      if (event.kind === PresenceEventKind.ARRIVED) stream.send("arrived", presentCustomerJson(event), sequence);
      else if (event.kind === PresenceEventKind.LEFT) stream.send("left", presentCustomerJson(event), sequence);
    }
  })();
  // A failure of either part ends the response; the display reconnects with its Last-Event-ID.
  const endOnFailure = (part: string) => (error: unknown) => {
    if (!stream.signal.aborted) deps.logger.warn({ err: error, store: access.storeId, part }, "live presence stream failed");
    stream.end();
  };
  await Promise.all([snapshot.catch(endOnFailure("snapshot")), live.then(() => stream.end(), endOnFailure("live"))]);
}
