// `npm run bench` (full, under 15 minutes) and `npm run bench -- --quick` (under 2 minutes).
// --devices=10000,1000000, --rates=2000,10000, --repeats=3 and --stores-per-brand=10 override the
// profile.

export type BenchOptions = {
  readonly profile: "quick" | "full";
  /** Enrolled device counts, one population each (Redis is flushed between them). */
  readonly deviceCounts: readonly number[];
  /** Offered rates for the first population. */
  readonly rates: readonly number[];
  /** Offered rates for the later (larger) populations. */
  readonly laterRates: readonly number[];
  /**
   * How many times each rate a target is judged at (targets.ts, TARGET_RATES) runs, one step after
   * another; the targets take the median of those steps, so one unlucky step on a shared machine
   * does not decide a verdict.
   */
  readonly targetRepeats: number;
  readonly brands: number;
  readonly storesPerBrand: number;
  readonly repeatsPerStore: number;
  readonly arrivalShare: number;
  readonly unknownShare: number;
  readonly tickMs: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly drainMs: number;
  readonly floorSamples: number;
  readonly trialDerivationCounts: readonly number[];
};

const SHARED = {
  brands: 2,
  storesPerBrand: 10,
  repeatsPerStore: 200,
  arrivalShare: 0.1,
  unknownShare: 0.05,
  tickMs: 5,
  drainMs: 5_000,
} as const;

const PROFILES: Record<BenchOptions["profile"], BenchOptions> = {
  quick: {
    ...SHARED,
    profile: "quick",
    deviceCounts: [10_000],
    rates: [2_000, 10_000],
    laterRates: [],
    targetRepeats: 1,
    warmupMs: 3_000,
    measureMs: 15_000,
    floorSamples: 2_000,
    trialDerivationCounts: [1_000, 10_000],
  },
  full: {
    ...SHARED,
    profile: "full",
    deviceCounts: [10_000, 1_000_000],
    rates: [1_000, 2_000, 5_000, 10_000, 20_000, 25_000, 30_000],
    laterRates: [2_000, 5_000, 10_000],
    targetRepeats: 3,
    warmupMs: 5_000,
    measureMs: 20_000,
    floorSamples: 3_000,
    trialDerivationCounts: [1_000, 10_000, 100_000],
  },
};

export class UsageError extends Error {
  override name = "UsageError";
}

function numbers(flag: string, text: string): number[] {
  const values = text.split(",").map((part) => Number(part.replaceAll("_", "")));
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value <= 0)) {
    throw new UsageError(`${flag} takes positive integers separated by commas, got "${text}"`);
  }
  return values;
}

export function parseOptions(args: readonly string[]): BenchOptions {
  let options = PROFILES[args.includes("--quick") ? "quick" : "full"];
  for (const arg of args) {
    const [flag, value = ""] = arg.split("=", 2);
    if (flag === "--quick") continue;
    if (flag === "--devices") options = { ...options, deviceCounts: numbers(flag, value) };
    else if (flag === "--rates") options = { ...options, rates: numbers(flag, value), laterRates: numbers(flag, value) };
    else if (flag === "--repeats") options = { ...options, targetRepeats: numbers(flag, value)[0] as number };
    else if (flag === "--stores-per-brand") options = { ...options, storesPerBrand: numbers(flag, value)[0] as number };
    else
      throw new UsageError(
        `unknown option ${arg}; use --quick, --devices=N[,N...], --rates=R[,R...], --repeats=K, --stores-per-brand=S`,
      );
  }
  return options;
}
