// The baseline resolver: match a sighting the way exposure-notification apps match, by trial
// derivation over every enrolled key. Each device's rolling-ID key of the day (RIK_d) and its
// AES context are precomputed; per sighting, RID_j is computed for every device for the
// sighting's interval and its neighbours (the skew rule) and compared. Cost grows with N;
// the resolver table's lookup does not.
import { type Cipher, createCipheriv, randomBytes } from "node:crypto";
import {
  dailyKey,
  dayOfInterval,
  deviceRootKey,
  intervalAt,
  ROLLING_ID_BYTES,
  rollingId,
  rollingIdBlock,
  rollingIdKey,
} from "#libs/rolling-id/src/index.js";

export type TrialDerivationResult = {
  readonly devices: number;
  readonly sightings: number;
  readonly matched: number;
  readonly perSightingUs: number;
};

const MIN_SIGHTINGS = 3;
const MAX_SIGHTINGS = 5_000;

function rollingIdKeys(count: number, day: number): Buffer[] {
  const masterKey = randomBytes(16);
  return Array.from({ length: count }, (_, index) => rollingIdKey(dailyKey(deviceRootKey(masterKey, `trial-${index}`), day)));
}

function aesContext(key: Buffer): Cipher {
  const cipher = createCipheriv("aes-128-ecb", key, null);
  cipher.setAutoPadding(false);
  return cipher;
}

/** Scans every device; returns the index of the one whose RID of interval j-1, j or j+1 matches. */
function matchByTrial(contexts: readonly Cipher[], blocks: Buffer, sighted: Buffer): number {
  let found = -1;
  for (let device = 0; device < contexts.length; device += 1) {
    const candidates = (contexts[device] as Cipher).update(blocks);
    for (let offset = 0; offset < candidates.length; offset += ROLLING_ID_BYTES) {
      if (candidates.compare(sighted, 0, ROLLING_ID_BYTES, offset, offset + ROLLING_ID_BYTES) === 0) found = device;
    }
  }
  return found;
}

/** Per-sighting cost at each N, spending about budgetMs on each. */
export function measureTrialDerivation(deviceCounts: readonly number[], budgetMs: number): TrialDerivationResult[] {
  const interval = intervalAt(Date.now() / 1000);
  const keys = rollingIdKeys(Math.max(...deviceCounts), dayOfInterval(interval));
  const blocks = Buffer.concat([rollingIdBlock(interval - 1), rollingIdBlock(interval), rollingIdBlock(interval + 1)]);
  return deviceCounts.map((devices) => {
    const contexts = keys.slice(0, devices).map(aesContext);
    let sightings = 0;
    let matched = 0;
    const started = performance.now();
    while (sightings < MAX_SIGHTINGS && (sightings < MIN_SIGHTINGS || performance.now() - started < budgetMs)) {
      const target = Math.floor(Math.random() * devices);
      const sighted = rollingId(keys[target] as Buffer, interval);
      if (matchByTrial(contexts, blocks, sighted) === target) matched += 1;
      sightings += 1;
    }
    const elapsedMs = performance.now() - started;
    return { devices, sightings, matched, perSightingUs: (elapsedMs * 1000) / sightings };
  });
}
