// The performance targets of the presence and benchmark issues, judged from one run's results.
import type { BenchResult, PopulationResult, StepResult, TargetResult } from "./results.js";

const REFERENCE_RATE = 2_000;
const SUSTAINED_RATE = 25_000;

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : "unbounded (arrivals lost)");

function stepAt(population: PopulationResult | undefined, rate: number): StepResult | undefined {
  return population?.steps.find((step) => step.offeredPerSecond === rate);
}

function judge(target: string, measured: string | undefined, pass: boolean): TargetResult {
  return measured === undefined
    ? { target, measured: "not in this run", verdict: "NOT MEASURED" }
    : { target, measured, verdict: pass ? "PASS" : "MISS" };
}

/** The highest offered rate of a population that was sustained (achieved, no loss, p99 <= 25 ms). */
export function highestSustained(population: PopulationResult | undefined): number | null {
  const sustained = (population?.steps ?? []).filter((step) => step.sustained).map((step) => step.offeredPerSecond);
  return sustained.length > 0 ? Math.max(...sustained) : null;
}

export function judgeTargets(result: Omit<BenchResult, "targets">): TargetResult[] {
  const [small] = result.populations;
  // The scaling comparison needs a different, smaller population to compare against.
  const large = result.populations.find((population) => population !== small && population.devices >= 1_000_000);
  const reference = stepAt(small, REFERENCE_RATE);
  const floor = small?.floor.floorMs ?? Number.NaN;
  const highest = result.highestSustainedPerSecond;
  const triedSustained = small?.steps.some((step) => step.offeredPerSecond >= SUSTAINED_RATE) ?? false;
  const largeReference = stepAt(large, REFERENCE_RATE);
  // The largest population: per-entry memory falls as shards fill, and the target is about scale.
  const memory = [...result.populations].sort((x, y) => y.devices - x.devices)[0]?.seed;
  return [
    judge(
      "p50 <= 1.5 ms at 2,000 sightings/s",
      reference && ms(reference.latencyMs.p50),
      (reference?.latencyMs.p50 ?? 99) <= 1.5,
    ),
    judge("p99 <= 5 ms at 2,000 sightings/s", reference && ms(reference.latencyMs.p99), (reference?.latencyMs.p99 ?? 99) <= 5),
    judge(
      "p50 <= 3x floor at 2,000 sightings/s",
      reference && `${(reference.latencyMs.p50 / floor).toFixed(2)}x (floor ${floor.toFixed(3)} ms)`,
      (reference?.latencyMs.p50 ?? 99) <= 3 * floor,
    ),
    judge(
      ">= 25,000 sightings/s sustained by one presence process with p99 <= 25 ms",
      triedSustained || (highest ?? 0) >= SUSTAINED_RATE
        ? `highest sustained: ${highest === null ? "none" : `${highest.toLocaleString("en")}/s`}`
        : undefined,
      (highest ?? 0) >= SUSTAINED_RATE,
    ),
    judge(
      "p50 at N = 1,000,000 within 10 % of N = 10,000 (2,000/s)",
      reference && largeReference
        ? `${ms(largeReference.latencyMs.p50)} vs ${ms(reference.latencyMs.p50)} (${(((largeReference.latencyMs.p50 - reference.latencyMs.p50) / reference.latencyMs.p50) * 100).toFixed(1)} %)`
        : undefined,
      largeReference !== undefined && reference !== undefined && largeReference.latencyMs.p50 <= 1.1 * reference.latencyMs.p50,
    ),
    judge(
      "Redis <= 150 bytes per live rolling-ID entry",
      memory && `${memory.bytesPerRollingIdEntry.toFixed(1)} B (N = ${memory.devices.toLocaleString("en")})`,
      (memory?.bytesPerRollingIdEntry ?? 999) <= 150,
    ),
  ];
}
