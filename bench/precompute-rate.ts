// How fast identity puts rolling IDs into the resolver table (IDs written per second), the way
// the start-up refresh and the interval tick do: per device, derive its window and write it.
// Baseline beside it: the derivation alone, no Redis.  npx tsx bench/precompute-rate.ts [devices]
import { randomBytes } from "node:crypto";
import { startRedisServer } from "#libs/local-mesh/src/index.js";
import { connectRedis } from "#libs/redis/src/index.js";
import { intervalAt } from "#libs/rolling-id/src/index.js";
import { resolverEntries, windowIntervals } from "../services/identity/src/domain/resolver-window.js";
import { ResolverTable } from "../services/identity/src/store/resolver-table.js";

const devices = Number(process.argv[2] ?? 5_000);
const masterKey = randomBytes(16);
const ids = Array.from({ length: devices }, () => randomBytes(16).toString("base64url"));
const window = windowIntervals(intervalAt(Date.now() / 1000));

const rate = (entries: number, ms: number) => `${Math.round((entries / ms) * 1000).toLocaleString("en")} IDs/s`;

let started = performance.now();
for (const id of ids) resolverEntries(masterKey, id, window);
console.log(`derivation only (baseline): ${rate(devices * 4, performance.now() - started)}`);

const server = await startRedisServer();
const redis = await connectRedis(server.url, "precompute-bench");
const table = new ResolverTable(redis);
try {
  started = performance.now();
  for (const id of ids) await table.put("customer-id-of-22-chars", resolverEntries(masterKey, id, window));
  console.log(`serial, one device at a time (as the refresh and tick do): ${rate(devices * 4, performance.now() - started)}`);
  await redis.flushAll();
  started = performance.now();
  const batch = 256;
  for (let from = 0; from < ids.length; from += batch) {
    await Promise.all(
      ids.slice(from, from + batch).map((id) => table.put("customer-id-of-22-chars", resolverEntries(masterKey, id, window))),
    );
  }
  console.log(`${batch} devices in flight at once: ${rate(devices * 4, performance.now() - started)}`);
} finally {
  redis.destroy();
  await server.stop();
}
