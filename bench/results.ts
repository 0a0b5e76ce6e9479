// The shape of bench/results/<timestamp>.json (documented in bench/README.md). Times in ms
// unless a name says otherwise; a percentile is null when lost samples make it unbounded.
import type { FloorResult } from "./floor.js";
import type { HostStalls } from "./host-stalls.js";
import type { BenchOptions } from "./options.js";
import type { SeedResult } from "./seed.js";
import type { Percentiles } from "./stats.js";
import type { TableLookupResult } from "./table-lookup.js";
import type { TrialDerivationResult } from "./trial-derivation.js";

export type Machine = {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly kernel: string;
  readonly node: string;
  readonly redisServer: string;
  readonly natsServer: string;
  /** 1-minute load average when the run started and ended: other work on the machine shows here. */
  readonly loadAverage: { readonly start: number; readonly end: number };
};

export type StepResult = {
  readonly devices: number;
  readonly offeredPerSecond: number;
  /** What the generator sent in the window (below offered if the generator itself fell behind). */
  readonly sentPerSecond: number;
  /** What presence acknowledged in the window. */
  readonly achievedPerSecond: number;
  readonly measuredSeconds: number;
  /** Sightings per StreamSightings batch in the window. */
  readonly meanBatchSize: number;
  readonly sightings: { readonly repeat: number; readonly arrival: number; readonly unknown: number };
  readonly arrivals: {
    readonly sent: number;
    readonly received: number;
    readonly lost: number;
    readonly duplicates: number;
  };
  readonly latencyMs: Percentiles;
  readonly latencyToFloor: { readonly p50: number; readonly p90: number; readonly p99: number; readonly p999: number };
  /** CPU ms each process spent per 1,000 acknowledged sightings in the window. */
  readonly cpuMsPer1000Sightings: Readonly<Record<string, number>>;
  /** Share of one core each process used during the window (1 = a whole core). */
  readonly cpuCores: Readonly<Record<string, number>>;
  /** CPU time the hypervisor took from this VM during the window, all CPUs together (steal); NaN if unknown. */
  readonly stolenCpuMs: number;
  /** How late the stall probe (bench/stall-probe.ts) woke during the window. */
  readonly hostStalls: HostStalls;
  readonly generatorLagMs: Percentiles;
  /** Diagnostic: batch sent -> acknowledged (presence's resolve, no NATS leg), acks received in the window. */
  readonly ackRoundTripMs: Percentiles;
  readonly rejectedBatches: number;
  readonly unackedBatches: number;
  readonly streamErrors: readonly string[];
  readonly arrivalPoolExhausted: number;
  /** Achieved >= 95 % of offered, at most 0.1 % of arrivals lost, p99 <= 25 ms. */
  readonly sustained: boolean;
};

export type PopulationResult = {
  readonly devices: number;
  readonly seed: Omit<SeedResult, "sampleRollingIds">;
  readonly floor: FloorResult;
  readonly redisTable: TableLookupResult;
  readonly steps: readonly StepResult[];
};

export type Verdict = "PASS" | "MISS" | "NOT MEASURED";

export type TargetResult = { readonly target: string; readonly measured: string; readonly verdict: Verdict };

export type BenchResult = {
  readonly schemaVersion: 1;
  readonly profile: "quick" | "full";
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  /** The commit measured; dirty when the working tree had changes beyond bench/results. */
  readonly revision: { readonly commit: string; readonly dirty: boolean };
  /** The options the run used (bench/options.ts) and the absence timeout presence ran with. */
  readonly config: Omit<BenchOptions, "profile"> & { readonly visitAbsenceMs: number };
  /** Generator clock minus subscriber clock, and how precisely that was measured. */
  readonly clockOffsetMs: { readonly generatorMinusSubscriber: number; readonly uncertainty: number };
  /** The stall probe's priority, and how late it woke over a few seconds before any load, services idle. */
  readonly hostStalls: { readonly probePriority: string; readonly idle: HostStalls; readonly idleSeconds: number };
  readonly populations: readonly PopulationResult[];
  readonly trialDerivation: readonly TrialDerivationResult[];
  readonly inMemoryTable: readonly TableLookupResult[];
  /** Highest offered rate at the first population that was sustained (see StepResult.sustained). */
  readonly highestSustainedPerSecond: number | null;
  readonly targets: readonly TargetResult[];
};
