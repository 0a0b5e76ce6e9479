import { dayOfInterval, intervalAt } from "#libs/rolling-id/src/index.js";

/** DESIGN.md's skew rule: a sighting at t matches a RID of interval j only if |floor(t/600) - j| <= 1. */
export function withinSkew(observedAtSeconds: number, ridInterval: number): boolean {
  return Math.abs(intervalAt(observedAtSeconds) - ridInterval) <= 1;
}

/** The days whose table shards can hold a rolling ID matching a sighting at t: one, or two around midnight. */
export function matchingDays(observedAtSeconds: number): number[] {
  const interval = intervalAt(observedAtSeconds);
  const first = dayOfInterval(interval - 1);
  const last = dayOfInterval(interval + 1);
  return first === last ? [first] : [first, last];
}

/** Parses a resolver-table value "<interval>:<customer id>". */
export function parseResolverValue(value: string): { interval: number; customerId: string } | undefined {
  const colon = value.indexOf(":");
  if (colon <= 0) return undefined;
  const interval = Number(value.slice(0, colon));
  if (!Number.isInteger(interval)) return undefined;
  return { interval, customerId: value.slice(colon + 1) };
}
