// One offered rate, seen from the orchestrator: starts the generator's step, snapshots every
// process's CPU when the measurement window opens and closes, then joins the generator's sends
// to the subscriber's receipts (by store and pseudonym) into arrival latencies.
import type { BenchChild } from "./bench-child.js";
import type { FloorResult } from "./floor.js";
import type { StallProbe } from "./host-stalls.js";
import type { ArrivalKey, FromGenerator, FromSubscriber, StepSpec, ToGenerator, ToSubscriber } from "./messages.js";
import { cpuSecondsOf, type MeasuredProcess, snapshotCpu, stolenCpuSeconds } from "./process-cpu.js";
import type { StepResult } from "./results.js";
import { summarize } from "./stats.js";

export type StepContext = {
  readonly generator: BenchChild<ToGenerator, FromGenerator>;
  readonly subscriber: BenchChild<ToSubscriber, FromSubscriber>;
  readonly processes: readonly MeasuredProcess[];
  readonly stallProbe: StallProbe;
  readonly floor: FloorResult;
  readonly devices: number;
};

const LATE_EVENT_WAIT_MS = 3_000;
const P99_LIMIT_MS = 25;

async function collect(subscriber: StepContext["subscriber"]) {
  subscriber.send({ type: "collect" });
  return subscriber.next("events", 30_000);
}

/** Waits for the subscriber to have seen every measured arrival, or for late events to stop coming. */
async function receiptsFor(subscriber: StepContext["subscriber"], sent: ReadonlyMap<ArrivalKey, number>) {
  const received = new Map<ArrivalKey, number>();
  let duplicates = 0;
  const deadline = performance.now() + LATE_EVENT_WAIT_MS;
  for (;;) {
    const { arrivals } = await collect(subscriber);
    for (const [key, at] of arrivals) {
      if (!sent.has(key)) continue;
      if (received.has(key)) duplicates += 1;
      else received.set(key, at);
    }
    if (received.size >= sent.size || performance.now() > deadline) return { received, duplicates };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function ratio(value: number, floor: number): number {
  return value / floor;
}

export class ProcessGoneError extends Error {
  override name = "ProcessGoneError";
}

export async function runRateStep(context: StepContext, spec: StepSpec): Promise<StepResult> {
  const { generator, subscriber, processes, stallProbe } = context;
  const gone = processes.filter((each) => cpuSecondsOf(each.pid) === undefined);
  if (gone.length > 0) {
    throw new ProcessGoneError(`${gone.map((each) => `${each.name} (pid ${each.pid})`).join(", ")} is no longer running`);
  }
  await collect(subscriber); // drop whatever earlier steps left behind
  const stepMs = spec.warmupMs + spec.measureMs;
  generator.send({ type: "run", ...spec });
  await generator.next("measuring", stepMs + 60_000);
  const before = snapshotCpu(processes);
  const stolenBefore = stolenCpuSeconds();
  const stallMark = await stallProbe.mark();
  const windowStarted = performance.now();
  await generator.next("measured", stepMs + 60_000);
  const after = snapshotCpu(processes);
  const stolenAfter = stolenCpuSeconds();
  const hostStalls = await stallProbe.since(stallMark);
  const windowSeconds = (performance.now() - windowStarted) / 1000;
  const report = await generator.next("done", spec.drainMs + 60_000);

  const sent = new Map(report.arrivals);
  const { received, duplicates } = await receiptsFor(subscriber, sent);
  const latencies: number[] = [];
  for (const [key, at] of received) latencies.push(at - (sent.get(key) as number));
  const lost = sent.size - received.size;
  const latencyMs = summarize(latencies, lost);

  const measuredSeconds = report.measuredMs / 1000;
  const sentTotal = report.sent.repeat + report.sent.arrival + report.sent.unknown;
  const cpuMsPer1000Sightings: Record<string, number> = {};
  const cpuCores: Record<string, number> = {};
  for (const each of processes) {
    // A process that vanished during the window has no meaningful figure.
    const [start, end] = [before.get(each.name), after.get(each.name)];
    const used = start === undefined || end === undefined ? Number.NaN : end - start;
    cpuMsPer1000Sightings[each.name] = report.ackedInWindow > 0 ? (used * 1000 * 1000) / report.ackedInWindow : Number.NaN;
    cpuCores[each.name] = used / windowSeconds;
  }
  const achievedPerSecond = report.ackedInWindow / measuredSeconds;
  const floor = context.floor.floorMs;
  return {
    devices: context.devices,
    offeredPerSecond: spec.ratePerSecond,
    sentPerSecond: sentTotal / measuredSeconds,
    achievedPerSecond,
    measuredSeconds,
    meanBatchSize: report.batchesInWindow > 0 ? sentTotal / report.batchesInWindow : Number.NaN,
    sightings: report.sent,
    arrivals: { sent: sent.size, received: received.size, lost, duplicates },
    latencyMs,
    latencyToFloor: {
      p50: ratio(latencyMs.p50, floor),
      p90: ratio(latencyMs.p90, floor),
      p99: ratio(latencyMs.p99, floor),
      p999: ratio(latencyMs.p999, floor),
    },
    cpuMsPer1000Sightings,
    cpuCores,
    hostStalls,
    stolenCpuMs: stolenBefore === undefined || stolenAfter === undefined ? Number.NaN : (stolenAfter - stolenBefore) * 1000,
    generatorLagMs: report.lagMs,
    ackRoundTripMs: report.ackRoundTripMs,
    rejectedBatches: report.rejectedBatches,
    unackedBatches: report.unackedBatches,
    streamErrors: report.streamErrors,
    arrivalPoolExhausted: report.arrivalPoolExhausted,
    sustained: achievedPerSecond >= 0.95 * spec.ratePerSecond && lost <= 0.001 * sent.size && latencyMs.p99 <= P99_LIMIT_MS,
  };
}
