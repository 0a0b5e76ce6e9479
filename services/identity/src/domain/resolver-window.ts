import { dailyKey, dayOfInterval, deviceRootKey, INTERVAL_SECONDS, rollingIdsOfDay } from "#libs/rolling-id/src/index.js";

export type ResolverEntry = { readonly rollingId: Buffer; readonly interval: number; readonly expiresAtSeconds: number };

/** Intervals the resolver table holds around interval i: i-1 .. i+2 (docs/rolling-ids.md). */
export function windowIntervals(current: number): number[] {
  return [current - 1, current, current + 1, current + 2];
}

/** An entry of interval j expires when j is more than one interval in the past: at the start of j+2. */
export function expiresAt(interval: number): number {
  return (interval + 2) * INTERVAL_SECONDS;
}

/** The resolver entries of one device for the given intervals. */
export function resolverEntries(masterKey: Uint8Array, deviceId: string, intervals: readonly number[]): ResolverEntry[] {
  const rootKey = deviceRootKey(masterKey, deviceId);
  const byDay = new Map<number, number[]>();
  for (const interval of intervals) byDay.set(dayOfInterval(interval), [...(byDay.get(dayOfInterval(interval)) ?? []), interval]);
  return [...byDay].flatMap(([day, dayIntervals]) => {
    const ids = rollingIdsOfDay(dailyKey(rootKey, day), dayIntervals);
    return dayIntervals.map((interval, index) => ({
      rollingId: ids[index] as Buffer,
      interval,
      expiresAtSeconds: expiresAt(interval),
    }));
  });
}
