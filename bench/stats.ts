// Percentiles by nearest rank. Samples that never arrived (lost) count as infinitely late, so a
// run that drops its slowest samples cannot look fast.

export type Percentiles = {
  readonly count: number;
  readonly lost: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  /** Mean of the samples that arrived. */
  readonly mean: number;
};

/** Nearest-rank percentile of ascending values; q in (0, 1]. */
export function percentile(sorted: readonly number[], q: number, total = sorted.length): number {
  if (total === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * total));
  return rank <= sorted.length ? (sorted[rank - 1] as number) : Number.POSITIVE_INFINITY;
}

export function summarize(samples: readonly number[], lost = 0): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  const total = values.length + lost;
  const sum = values.reduce((acc, value) => acc + value, 0);
  return {
    count: values.length,
    lost,
    p50: percentile(values, 0.5, total),
    p90: percentile(values, 0.9, total),
    p99: percentile(values, 0.99, total),
    p999: percentile(values, 0.999, total),
    max: lost > 0 ? Number.POSITIVE_INFINITY : (values.at(-1) ?? Number.NaN),
    mean: values.length > 0 ? sum / values.length : Number.NaN,
  };
}
