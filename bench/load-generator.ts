// The load generator (a child process): plays one beacon hub per store over PresenceService.
// StreamSightings and drives sightings OPEN-LOOP (store-load.ts): wall-clock ticks send whatever
// the fixed rate has made due, whether or not earlier batches were acknowledged, so a slow
// system cannot slow the load down and hide its own latency. Each sighting's observed_at is the
// moment its batch is sent, to sub-millisecond precision.
import { exitWithParent, reportFatal } from "./bench-child.js";
import { nowMs, timestampOfMs } from "./clock.js";
import { HubStream } from "./hub-stream.js";
import type { FromGenerator, StepSpec, ToGenerator } from "./messages.js";
import { entryAt, Population } from "./population.js";
import { summarize } from "./stats.js";
import { StepRecord, StoreLoad } from "./store-load.js";
import { planStore } from "./store-plan.js";

const PREWARM_TIMEOUT_MS = 30_000;
const tell = (message: FromGenerator) => process.send?.(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let population: Population | undefined;
let presenceAddress = "";

/** Waits until every batch is answered, a stream has failed, or the time is up; true if all were answered. */
async function waitForAcknowledgements(stores: readonly StoreLoad[], timeoutMs: number): Promise<boolean> {
  const deadline = nowMs() + timeoutMs;
  while (stores.some((store) => store.stream.unanswered > 0)) {
    if (nowMs() > deadline || stores.some((store) => store.stream.failed)) return false;
    await sleep(10);
  }
  return true;
}

/** Makes every store's regulars present before the load starts. */
async function prewarm(stores: readonly StoreLoad[]): Promise<void> {
  const at = nowMs();
  for (const store of stores) {
    store.stream.send(
      store.plan.regulars.map((customer) => ({
        rollingId: entryAt(customer.entries, at).rollingId,
        beaconId: "beacon-1",
        observedAt: timestampOfMs(nowMs()),
        rssi: -60,
      })),
    );
  }
  const answered = await waitForAcknowledgements(stores, PREWARM_TIMEOUT_MS);
  const failed = stores.find((store) => store.stream.error);
  if (failed) throw new Error(`pre-warm of store ${failed.plan.hub.storeId} failed: ${failed.stream.error}`);
  if (!answered) throw new Error("presence did not acknowledge the pre-warm");
  await sleep(200);
}

async function runStep(spec: StepSpec): Promise<void> {
  if (!population) throw new Error("run before setup");
  const known = population;
  const totalMs = spec.warmupMs + spec.measureMs;
  const arrivalsPerStore = Math.ceil((spec.ratePerSecond * totalMs * spec.arrivalShare) / 1000 / spec.hubs.length) + 10;
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let ackedInWindow = 0;
  const ackRoundTrips: number[] = [];
  const onAccepted = (sightings: number, atMs: number, roundTripMs: number) => {
    if (atMs < windowStart || atMs >= windowEnd) return;
    ackedInWindow += sightings;
    ackRoundTrips.push(roundTripMs);
  };
  const stores = spec.hubs.map(
    (hub) =>
      new StoreLoad(
        planStore(known, hub, spec.repeatsPerStore, arrivalsPerStore),
        new HubStream(hub, presenceAddress, onAccepted),
        spec.arrivalShare,
        spec.unknownShare,
      ),
  );
  try {
    await prewarm(stores);
    // Hubs start a little ahead, each on its own phase of the tick.
    const start = nowMs() + spec.tickMs;
    const record = new StepRecord(start + spec.warmupMs, start + spec.warmupMs + spec.measureMs);
    windowStart = record.windowStart;
    windowEnd = record.windowEnd;
    const measuring = setTimeout(() => tell({ type: "measuring", step: spec.step }), windowStart - nowMs());
    const perHub = spec.ratePerSecond / stores.length;
    await Promise.all(
      stores.map((store, index) => store.drive(start + (index * spec.tickMs) / stores.length, perHub, spec.tickMs, record)),
    );
    clearTimeout(measuring);
    tell({ type: "measured", step: spec.step });
    await waitForAcknowledgements(stores, spec.drainMs);
    tell({
      type: "done",
      step: spec.step,
      measuredMs: windowEnd - windowStart,
      sent: record.sent,
      ackedInWindow,
      batchesInWindow: record.batchesInWindow,
      rejectedBatches: stores.reduce((sum, store) => sum + store.stream.rejectedBatches, 0),
      streamErrors: [...new Set(stores.flatMap((store) => (store.stream.error ? [store.stream.error] : [])))],
      unackedBatches: stores.reduce((sum, store) => sum + store.stream.unanswered, 0),
      arrivalPoolExhausted: stores.reduce((sum, store) => sum + store.poolExhausted, 0),
      lagMs: summarize(record.lags),
      ackRoundTripMs: summarize(ackRoundTrips),
      arrivals: record.arrivals,
    });
  } finally {
    for (const store of stores) store.stream.close();
  }
}

exitWithParent();
process.on("message", (raw) => {
  const message = raw as ToGenerator;
  if (message.type === "setup") {
    population = new Population(message.population);
    presenceAddress = message.presenceAddress;
    tell({ type: "ready" });
  } else if (message.type === "run") {
    runStep(message).catch(reportFatal);
  } else if (message.type === "clock") {
    tell({ type: "clock", nowMs: nowMs() });
  }
});
tell({ type: "ready" });
