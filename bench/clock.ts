// The one clock every bench process stamps with: wall-clock milliseconds with sub-millisecond
// precision (performance.timeOrigin + performance.now()), so times taken in the load generator
// and in the subscriber can be subtracted.

export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A google.protobuf.Timestamp init for a time in ms, keeping the sub-millisecond part in nanos. */
export function timestampOfMs(ms: number): { seconds: bigint; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.min(999_999_999, Math.round((ms - seconds * 1000) * 1e6));
  return { seconds: BigInt(seconds), nanos };
}
