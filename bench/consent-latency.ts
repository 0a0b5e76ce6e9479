// npm run bench:consent: p50/p99 of GrantConsent and RevokeConsent under load, end to end over
// gRPC against identity and consent as separate processes on real Redis and NATS (JetStream file
// storage). Baseline in the same run: GetReceiptKeys, a consent RPC that touches neither the
// ledger nor Redis, at the same concurrency.
//
//   npm run bench:consent -- [--customers=200] [--concurrency=16] [--seconds=20]
import { ConsentService, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { startMesh } from "#libs/local-mesh/src/index.js";
import { startInfrastructure } from "../test/support/servers.js";
import { registerBrand, registerCustomerWithWatch } from "../test/support/world.js";

const option = (name: string, fallback: number) => {
  const found = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const value = found ? Number(found.split("=")[1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
};
const CUSTOMERS = option("customers", 200);
const CONCURRENCY = option("concurrency", 16);
const SECONDS = option("seconds", 20);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(name: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const fmt = (ms: number) => ms.toFixed(2).padStart(8);
  return `${name.padEnd(16)} ${String(sorted.length).padStart(7)} ${fmt(percentile(sorted, 50))} ${fmt(percentile(sorted, 99))} ${fmt(sorted.at(-1) ?? Number.NaN)}`;
}

async function run(): Promise<void> {
  const infrastructure = await startInfrastructure();
  const mesh = await startMesh({
    redisUrl: infrastructure.redis.url,
    natsUrl: infrastructure.nats.url,
    services: ["identity", "consent"],
    logLevel: "warn",
    // USUAL_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of each service there on exit (as npm run bench does).
    ...(process.env.USUAL_PROFILE_DIR ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${process.env.USUAL_PROFILE_DIR}`] } : {}),
  });
  const consent = createServiceClient(ConsentService, mesh.addresses.consent);
  try {
    const brand = await registerBrand(mesh, []);
    await consent.publishNotice(
      { brandId: brand.brandId, purpose: Purpose.RECOGNITION, version: 1, text: "recognition" },
      { bearer: brand.brandCredential },
    );
    const customers: string[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const customer = await registerCustomerWithWatch(mesh.addresses.identity, `c${i}`);
      await consent.joinProgramme({ noticeVersion: 1 }, { bearer: customer.credential });
      customers.push(customer.credential);
    }
    const given = new Map<string, boolean>();
    const grant: number[] = [];
    const revoke: number[] = [];
    const baseline: number[] = [];
    let failures = 0;
    const phase = async (seconds: number, call: () => Promise<void>) => {
      const until = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < until) await call().catch(() => failures++);
        }),
      );
    };
    // Warm-up, then the measured mix: each call picks a customer and flips recognition.
    const flip = (record: boolean) => async () => {
      const credential = customers[Math.floor(Math.random() * customers.length)] as string;
      const granting = !given.get(credential);
      given.set(credential, granting);
      const request = { brandId: brand.brandId, purpose: Purpose.RECOGNITION };
      const start = performance.now();
      if (granting) await consent.grantConsent({ ...request, noticeVersion: 1 }, { bearer: credential });
      else await consent.revokeConsent(request, { bearer: credential });
      if (record) (granting ? grant : revoke).push(performance.now() - start);
    };
    await phase(2, flip(false));
    const started = performance.now();
    await phase(SECONDS, flip(true));
    const elapsed = (performance.now() - started) / 1000;
    await phase(Math.max(2, Math.round(SECONDS / 4)), async () => {
      const start = performance.now();
      await consent.getReceiptKeys({});
      baseline.push(performance.now() - start);
    });
    console.log(
      `consent latency: ${CUSTOMERS} customers, ${CONCURRENCY} concurrent callers, ${SECONDS} s, closed loop; ${failures} failed calls`,
    );
    console.log(`changes/s       ${((grant.length + revoke.length) / elapsed).toFixed(0)}`);
    console.log(
      `${"rpc".padEnd(16)} ${"calls".padStart(7)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`,
    );
    console.log(summary("GrantConsent", grant));
    console.log(summary("RevokeConsent", revoke));
    console.log(summary("baseline RPC", baseline));
  } finally {
    consent.close();
    await mesh.stop();
    await infrastructure.stop();
  }
}

await run();
