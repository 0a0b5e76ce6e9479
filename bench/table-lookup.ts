// The resolver table's side of the scaling comparison: what one sighting's lookup costs as N
// grows. In process (a hash map of N devices' four window entries, the algorithmic cost) and
// against the seeded Redis (pipelined GETs of seeded rolling IDs, the throughput cost per
// sighting on the real table).
import { randomBytes } from "node:crypto";
import type { RedisClient } from "#libs/redis/src/index.js";
import type { TableProbe } from "./seed.js";

export type TableLookupResult = { readonly devices: number; readonly lookups: number; readonly perSightingUs: number };

const ENTRIES_PER_DEVICE = 4;
const LOOKUPS = 200_000;

export function measureInMemoryTable(deviceCounts: readonly number[]): TableLookupResult[] {
  return deviceCounts.map((devices) => {
    const table = new Map<string, string>();
    const rollingIds: Buffer[] = [];
    for (let index = 0; index < devices * ENTRIES_PER_DEVICE; index += 1) {
      const rid = randomBytes(16);
      if (index % 97 === 0) rollingIds.push(rid);
      table.set(rid.toString("base64url"), `0:customer-${index >> 2}`);
    }
    let found = 0;
    const started = performance.now();
    for (let index = 0; index < LOOKUPS; index += 1) {
      if (table.get((rollingIds[index % rollingIds.length] as Buffer).toString("base64url")) !== undefined) found += 1;
    }
    const elapsedMs = performance.now() - started;
    if (found !== LOOKUPS) throw new Error("in-memory table lost an entry");
    return { devices, lookups: LOOKUPS, perSightingUs: (elapsedMs * 1000) / LOOKUPS };
  });
}

/** HGETs of seeded rolling IDs, `batch` at a time as one pipelined round trip. */
export async function measureRedisTable(
  redis: RedisClient,
  devices: number,
  rollingIds: readonly TableProbe[],
  lookups = 50_000,
  batch = 100,
): Promise<TableLookupResult> {
  let found = 0;
  const started = performance.now();
  for (let done = 0; done < lookups; done += batch) {
    const values = await Promise.all(
      Array.from({ length: batch }, (_, index) =>
        redis.hGet(
          (rollingIds[(done + index) % rollingIds.length] as TableProbe).key,
          (rollingIds[(done + index) % rollingIds.length] as TableProbe).field,
        ),
      ),
    );
    found += values.filter((value) => value !== null).length;
  }
  const elapsedMs = performance.now() - started;
  if (found !== lookups) throw new Error(`the seeded table answered ${found} of ${lookups} lookups`);
  return { devices, lookups, perSightingUs: (elapsedMs * 1000) / lookups };
}
