// The store subscriber (a child process): listens to every store's presence subject, as the
// counter displays do, and stamps each `arrived` the moment it is delivered, on the clock the
// load generator stamps sends with. The orchestrator collects the stamps and joins them to the
// sends by store and pseudonym.
import { PresenceEventKind, PresenceEventSchema } from "#gen/usual/presence/v1/events_pb.js";
import { connectNats, subscribeMessages } from "#libs/nats/src/index.js";
import { exitWithParent, reportFatal } from "./bench-child.js";
import { nowMs } from "./clock.js";
import { type ArrivalKey, arrivalKey, type FromSubscriber, type ToSubscriber } from "./messages.js";

/** Every store's usual.presence.v1.<brand>.<store>. */
const ALL_PRESENCE = "usual.presence.v1.>";
const tell = (message: FromSubscriber) => process.send?.(message);

async function main(): Promise<void> {
  const natsUrl = process.env.BENCH_NATS_URL;
  if (!natsUrl) throw new Error("BENCH_NATS_URL is not set");
  const nats = await connectNats(natsUrl, "bench-store-subscriber");
  let arrivals: [ArrivalKey, number][] = [];
  let otherEvents = 0;
  subscribeMessages(nats, ALL_PRESENCE, PresenceEventSchema, ({ message }) => {
    const receivedAt = nowMs();
    if (message.kind === PresenceEventKind.ARRIVED) {
      arrivals.push([arrivalKey(message.brandId, message.storeId, message.customerPseudonym), receivedAt]);
    } else {
      otherEvents += 1;
    }
  });
  await nats.flush();
  process.on("message", (raw) => {
    const message = raw as ToSubscriber;
    if (message.type === "collect") {
      tell({ type: "events", arrivals, otherEvents });
      arrivals = [];
      otherEvents = 0;
    } else if (message.type === "clock") {
      tell({ type: "clock", nowMs: nowMs() });
    }
  });
  tell({ type: "ready" });
}

exitWithParent();
main().catch(reportFatal);
