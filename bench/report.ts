// The markdown summary: printed to stdout and written beside the JSON. Every latency appears
// next to the floor measured in the same run and as a multiple of it.
import type { HostStalls } from "./host-stalls.js";
import type { BenchResult, PopulationResult, StepResult } from "./results.js";
import type { Percentiles } from "./stats.js";

const PROCESS_COLUMNS = ["presence", "identity", "consent", "redis-server", "nats-server", "load-generator", "subscriber"];

export function formatMs(value: number): string {
  if (Number.isNaN(value)) return "–";
  if (!Number.isFinite(value)) return "∞";
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

const count = (value: number) => Math.round(value).toLocaleString("en");
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)}×` : "∞");
const pair = (p: Percentiles) => `${p.p50.toFixed(3)} / ${p.p99.toFixed(3)}`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

function latencyRow(step: StepResult): string[] {
  const { latencyMs: l, latencyToFloor: r, arrivals } = step;
  return [
    count(step.devices),
    count(step.offeredPerSecond),
    count(step.sentPerSecond),
    count(step.achievedPerSecond),
    step.meanBatchSize.toFixed(1),
    `${count(arrivals.received)}${arrivals.lost > 0 ? ` (${count(arrivals.lost)} lost)` : ""}`,
    formatMs(l.p50),
    formatMs(l.p90),
    formatMs(l.p99),
    formatMs(l.p999),
    times(r.p50),
    times(r.p99),
    step.sustained ? "yes" : "no",
  ];
}

function cpuRow(step: StepResult): string[] {
  const cells = PROCESS_COLUMNS.map((name) => {
    const perThousand = step.cpuMsPer1000Sightings[name];
    const cores = step.cpuCores[name];
    if (perThousand === undefined || !Number.isFinite(perThousand)) return "–";
    return `${perThousand.toFixed(1)} (${Math.round((cores ?? 0) * 100)} %)`;
  });
  return [count(step.devices), count(step.offeredPerSecond), ...cells];
}

function diagnosticRow(step: StepResult): string[] {
  const ack = step.ackRoundTripMs;
  return [
    count(step.devices),
    count(step.offeredPerSecond),
    `${formatMs(ack.p50)} / ${formatMs(ack.p99)}`,
    `${formatMs(step.latencyMs.p50)} / ${formatMs(step.latencyMs.p99)}`,
    `${formatMs(step.generatorLagMs.p50)} / ${formatMs(step.generatorLagMs.p99)} / ${formatMs(step.generatorLagMs.max)}`,
    Number.isFinite(step.stolenCpuMs) ? step.stolenCpuMs.toFixed(0) : "–",
    stallCell(step.hostStalls),
    String(step.unackedBatches),
  ];
}

function stallCell(stalls: HostStalls): string {
  return `${count(stalls.lateOver1Ms)} / ${count(stalls.lateOver5Ms)} / ${formatMs(stalls.maxLateMs)}`;
}

function floorRow(population: PopulationResult): string[] {
  const { floor } = population;
  return [
    count(population.devices),
    pair(floor.redisGetMs),
    pair(floor.natsOneWayMs),
    pair(floor.grpcOneWayMs),
    floor.floorMs.toFixed(3),
  ];
}

function scalingRows(result: BenchResult): string[][] {
  const counts = [
    ...new Set([
      ...result.trialDerivation.map((row) => row.devices),
      ...result.inMemoryTable.map((row) => row.devices),
      ...result.populations.map((row) => row.devices),
    ]),
  ].sort((a, b) => a - b);
  const us = (value: number | undefined) => (value === undefined ? "–" : value < 10 ? value.toFixed(2) : count(value));
  return counts.map((devices) => [
    count(devices),
    us(result.trialDerivation.find((row) => row.devices === devices)?.perSightingUs),
    us(result.inMemoryTable.find((row) => row.devices === devices)?.perSightingUs),
    us(result.populations.find((row) => row.devices === devices)?.redisTable.perSightingUs),
  ]);
}

function memoryRow(population: PopulationResult): string[] {
  const { seed } = population;
  return [
    count(seed.devices),
    count(seed.rollingIdEntries),
    seed.bytesPerRollingIdEntry.toFixed(1),
    seed.sampledMemoryUsage.rollingIdKey.toFixed(0),
    seed.bytesPerDevice.toFixed(1),
    `${seed.seconds.rollingIds.toFixed(1)} + ${seed.seconds.consent.toFixed(1)}`,
  ];
}

export function renderMarkdown(result: BenchResult): string {
  const { machine, config } = result;
  const steps = result.populations.flatMap((population) => population.steps);
  return [
    `## usual hot-path benchmark: ${result.profile} run, ${result.startedAt}`,
    "",
    `Code: ${result.revision.commit.slice(0, 12)}${result.revision.dirty ? " with uncommitted changes" : ""}.`,
    "",
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, Linux ${machine.kernel}, Node ${machine.node}, ${machine.redisServer}, ${machine.natsServer}. ` +
      `1-min load average ${machine.loadAverage.start.toFixed(2)} at start, ${machine.loadAverage.end.toFixed(2)} at end (other work on the machine shows here). ` +
      `${config.brands} brands × ${config.storesPerBrand} stores (one hub stream each, fresh stores per rate), ${config.repeatsPerStore} regulars present per store; ` +
      `mix ${Math.round((1 - config.arrivalShare - config.unknownShare) * 100)} % repeats / ${Math.round(config.arrivalShare * 100)} % arrivals / ${Math.round(config.unknownShare * 100)} % unknown IDs; ` +
      `${config.tickMs} ms send ticks; ${config.warmupMs / 1000} s warm-up, ${config.measureMs / 1000} s measured per rate. ` +
      `Clock offset generator − subscriber: ${result.clockOffsetMs.generatorMinusSubscriber.toFixed(3)} ms ± ${result.clockOffsetMs.uncertainty.toFixed(3)} ms. ` +
      `Host stalls before any load (${result.hostStalls.idleSeconds} s, services idle; stall probe at ${result.hostStalls.probePriority} priority), wake-ups late > 1 ms / > 5 ms / worst: ${stallCell(result.hostStalls.idle)} ms.`,
    "",
    "### Floor, measured in the same run (ms, p50 / p99)",
    "",
    table(
      ["N", "Redis table lookup (HGET) round trip", "NATS publish→subscribe", "gRPC stream message", "floor = sum of p50s"],
      result.populations.map(floorRow),
    ),
    "",
    "### Sighting sent → `arrived` received by the store subscriber (ms)",
    "",
    table(
      [
        "N",
        "offered/s",
        "sent/s",
        "achieved/s",
        "sightings / batch",
        "arrivals measured",
        "p50",
        "p90",
        "p99",
        "p99.9",
        "p50 / floor",
        "p99 / floor",
        "sustained",
      ],
      steps.map(latencyRow),
    ),
    "",
    "### CPU ms per 1,000 sightings (share of one core during the window)",
    "",
    table(["N", "offered/s", ...PROCESS_COLUMNS], steps.map(cpuRow)),
    "",
    "### Diagnostics (ms): where the time goes",
    "",
    "The acknowledgement round trip is batch sent → presence resolved it → ack back at the hub (no NATS leg). " +
      "Generator lag is how late the load generator's own ticks ran; large values mean the generator was starved of CPU. " +
      "CPU stolen by the host is the time this VM's CPUs wanted to run during the window while the hypervisor ran something else (steal, all CPUs together). " +
      "Host stalls: a probe thread (bench/stall-probe.ts) sleeps 1 ms at a time, at real-time priority where allowed, so nothing inside the machine holds it back; " +
      "how many of its wake-ups in the window came more than 1 ms and more than 5 ms late, and the worst. At real-time priority a late wake-up means the virtual CPU itself was not running, which steal does not always show.",
    "",
    table(
      [
        "N",
        "offered/s",
        "ack round trip p50 / p99",
        "arrival p50 / p99",
        "generator lag p50 / p99 / max",
        "CPU stolen by the host (ms)",
        "host stalls > 1 ms / > 5 ms / worst (ms)",
        "batches cut off unanswered",
      ],
      steps.map(diagnosticRow),
    ),
    "",
    "### Resolving one sighting as N grows (µs per sighting)",
    "",
    table(["N", "trial derivation (baseline)", "table lookup, in process", "table lookup, Redis pipelined"], scalingRows(result)),
    "",
    "### Redis memory",
    "",
    table(
      [
        "N",
        "rolling-ID entries",
        "bytes / entry (INFO delta)",
        "MEMORY USAGE / rid entry (in its shard)",
        "bytes / enrolled device",
        "seed s (table + consent)",
      ],
      result.populations.map(memoryRow),
    ),
    "",
    `Highest offered rate sustained (achieved ≥ 95 %, ≤ 0.1 % arrivals lost, p99 ≤ 25 ms): ${result.highestSustainedPerSecond === null ? "none" : `${count(result.highestSustainedPerSecond)}/s`}`,
    "",
    "### Targets",
    "",
    table(
      ["target", "measured", "verdict"],
      result.targets.map((target) => [target.target, target.measured, `**${target.verdict}**`]),
    ),
    "",
  ].join("\n");
}
