// The rolling-ID derivation (docs/rolling-ids.md, "The scheme"), shared by the identity service, the
// tests and the wearable SDK. docs/rolling-ids.md explains it; docs/rolling-id-vectors.json
// pins it.
import { createCipheriv, hkdfSync } from "node:crypto";

export const INTERVAL_SECONDS = 600;
export const INTERVALS_PER_DAY = 144;
export const KEY_BYTES = 16;
export const ROLLING_ID_BYTES = 16;

const DEVICE_SALT = Buffer.from("usual/device/v1", "utf8");
const DAY_INFO = Buffer.from("usual/day", "utf8");
const RIK_INFO = Buffer.from("usual/rik", "utf8");
const RID_PREFIX = Buffer.from("USUAL-RID", "ascii");
const EMPTY = Buffer.alloc(0);

function hkdf16(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", ikm, salt, info, KEY_BYTES));
}

/** i = floor(unix_seconds / 600). */
export function intervalAt(unixSeconds: number): number {
  return Math.floor(unixSeconds / INTERVAL_SECONDS);
}

/** d = floor(i / 144). */
export function dayOfInterval(interval: number): number {
  return Math.floor(interval / INTERVALS_PER_DAY);
}

/** K_dev = HKDF-SHA256(master key, salt "usual/device/v1", info device_id). Never leaves identity. */
export function deviceRootKey(masterKey: Uint8Array, deviceId: string): Buffer {
  return hkdf16(masterKey, DEVICE_SALT, Buffer.from(deviceId, "utf8"));
}

/** DK_d = HKDF-SHA256(K_dev, empty salt, "usual/day" || uint32be(d)). */
export function dailyKey(rootKey: Uint8Array, day: number): Buffer {
  const info = Buffer.alloc(DAY_INFO.length + 4);
  DAY_INFO.copy(info);
  info.writeUInt32BE(day, DAY_INFO.length);
  return hkdf16(rootKey, EMPTY, info);
}

/** RIK_d = HKDF-SHA256(DK_d, empty salt, "usual/rik"). */
export function rollingIdKey(dayKey: Uint8Array): Buffer {
  return hkdf16(dayKey, EMPTY, RIK_INFO);
}

/** The 16-byte plaintext block: "USUAL-RID" || 3 zero bytes || uint32le(i). */
export function rollingIdBlock(interval: number): Buffer {
  const block = Buffer.alloc(ROLLING_ID_BYTES);
  RID_PREFIX.copy(block);
  block.writeUInt32LE(interval, 12);
  return block;
}

/** RID_i = AES-128-ECB(RIK_d, block(i)). */
export function rollingId(ridKey: Uint8Array, interval: number): Buffer {
  const cipher = createCipheriv("aes-128-ecb", ridKey, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(rollingIdBlock(interval)), cipher.final()]);
}

/** The rolling IDs of consecutive intervals from one daily key (all must fall on its day). */
export function rollingIdsOfDay(dayKey: Uint8Array, intervals: readonly number[]): Buffer[] {
  const cipher = createCipheriv("aes-128-ecb", rollingIdKey(dayKey), null);
  cipher.setAutoPadding(false);
  return intervals.map((interval) => cipher.update(rollingIdBlock(interval)));
}

/** What a wearable broadcasts at a moment, from the daily key of that moment's day. */
export function rollingIdAt(dayKey: Uint8Array, unixSeconds: number): Buffer {
  return rollingId(rollingIdKey(dayKey), intervalAt(unixSeconds));
}
