import { dailyKey, dayOfInterval, deviceRootKey, intervalAt } from "#libs/rolling-id/src/index.js";

export const BUNDLE_DAYS = 7;

export type DailyKeyEntry = { readonly day: number; readonly key: Buffer };

/** The daily keys of today and the next six days, which the wearable derives its IDs from. */
export function keyBundle(masterKey: Uint8Array, deviceId: string, nowSeconds: number): DailyKeyEntry[] {
  const rootKey = deviceRootKey(masterKey, deviceId);
  const today = dayOfInterval(intervalAt(nowSeconds));
  return Array.from({ length: BUNDLE_DAYS }, (_, offset) => ({ day: today + offset, key: dailyKey(rootKey, today + offset) }));
}
