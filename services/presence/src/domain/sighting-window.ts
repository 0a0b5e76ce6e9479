import { dayOfInterval, intervalAt } from "#libs/rolling-id/src/index.js";

/**
 * The skew rule of docs/rolling-ids.md: a sighting at t matches a RID of interval j only if |floor(t/600) - j| <= 1,
 * i.e. j in first … last.
 */
export function intervalsInSkew(observedAtSeconds: number): { first: number; last: number } {
  const interval = intervalAt(observedAtSeconds);
  return { first: interval - 1, last: interval + 1 };
}

/** The days whose table shards can hold a rolling ID matching a sighting at t: one, or two around midnight. */
export function matchingDays(observedAtSeconds: number): number[] {
  const intervals = intervalsInSkew(observedAtSeconds);
  const first = dayOfInterval(intervals.first);
  const last = dayOfInterval(intervals.last);
  return first === last ? [first] : [first, last];
}
