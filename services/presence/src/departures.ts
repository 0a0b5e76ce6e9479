// Announces `left` for visitors not seen for the absence timeout. Every presence replica runs
// it; the atomic take in Visits makes each departure announced once.
import type { NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "#libs/telemetry/src/index.js";
import { presenceMetrics } from "./metrics.js";
import { PresenceEventKind, presenceEvent, publishPresence } from "./presence-events.js";
import type { Visits } from "./store/visits.js";

export function startDepartureSweeper(visits: Visits, nats: NatsConnection, logger: Logger, intervalMs: number): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const now = Date.now();
      for (const store of await visits.takeDeparted(now)) {
        for (const visitor of store.departed) {
          publishPresence(
            nats,
            presenceEvent(PresenceEventKind.LEFT, store.brandId, store.storeId, visitor.pseudonym, visitor.seenAtMs),
          );
        }
        presenceMetrics.departures.add(store.departed.length);
      }
    } catch (error) {
      logger.error({ err: error }, "departure sweep failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(sweep, intervalMs);
  return () => clearInterval(timer);
}
