// `npm run bench [-- --quick]`: the hot path measured end to end against its floor.
// Starts redis-server, nats-server and identity, consent and presence as separate processes on
// free loopback ports; seeds N enrolled devices through identity's key precompute; drives
// sightings open-loop from a load-generator process at each offered rate while a subscriber
// process stamps every `arrived`; measures the floor and a trial-derivation baseline in the
// same run; writes bench/results/<timestamp>.{json,md,svg}. Everything it started is stopped
// at the end, on error and on Ctrl-C.
import { randomBytes } from "node:crypto";
import { startMesh, startNatsServer, startRedisServer } from "#libs/local-mesh/src/index.js";
import { connectRedis } from "#libs/redis/src/index.js";
import { intervalAt } from "#libs/rolling-id/src/index.js";
import { spawnBenchChild } from "./bench-child.js";
import { measureClockOffset } from "./clock-offset.js";
import { measureFloor } from "./floor.js";
import { describeStalls, StallProbe } from "./host-stalls.js";
import { currentLoad, describeMachine, describeRevision } from "./machine.js";
import type { FromGenerator, FromSubscriber, ToGenerator, ToSubscriber } from "./messages.js";
import { parseOptions } from "./options.js";
import { writeResults } from "./output.js";
import { Population } from "./population.js";
import { findOwnChildren, type MeasuredProcess } from "./process-cpu.js";
import { runRateStep } from "./rate-step.js";
import { registerBrands, registerStores } from "./register.js";
import { formatMs, renderMarkdown } from "./report.js";
import type { BenchResult, PopulationResult, StepResult } from "./results.js";
import { seedPopulation, type TableProbe } from "./seed.js";
import { measureInMemoryTable, measureRedisTable } from "./table-lookup.js";
import { highestSustained, judgeTargets, TARGET_RATES } from "./targets.js";
import { measureTrialDerivation } from "./trial-derivation.js";

/** Nobody leaves during the run: departures are not part of the measured mix. */
const VISIT_ABSENCE_MS = 3_600_000;
const TRIAL_BUDGET_MS = 600;
/** How long the stall probe watches the machine with the services up and idle, before any load. */
const IDLE_STALL_CHECK_MS = 5_000;
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const options = parseOptions(process.argv.slice(2));

const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
const startup = new AbortController();
let stopping: Promise<void> | undefined;
let interrupted = false;

function stopEverything(): Promise<void> {
  stopping ??= (async () => {
    startup.abort(new Error("the bench is stopping"));
    for (const cleanup of cleanups.reverse()) {
      await cleanup.run().catch((error: unknown) => say(`stopping ${cleanup.name} failed: ${String(error)}`));
    }
  })();
  return stopping;
}

// One Ctrl-C arrives twice (terminal and tsx relay); only a later one means "stop waiting".
let firstSignalAt = 0;
function onSignal(signal: NodeJS.Signals): void {
  if (firstSignalAt === 0) {
    firstSignalAt = Date.now();
    interrupted = true;
    say(`${signal}: stopping everything the bench started…`);
    void stopEverything().then(() => process.exit(130));
  } else if (Date.now() - firstSignalAt > 2_000) {
    process.exit(130); // the exit hooks kill whatever is left
  }
}

const withoutProfile = ({ profile: _profile, ...rest }: typeof options) => rest;

const summaryLine = (s: StepResult) =>
  `N=${s.devices.toLocaleString("en")} ${s.offeredPerSecond.toLocaleString("en")}/s: achieved ${Math.round(s.achievedPerSecond).toLocaleString("en")}/s, ` +
  `p50 ${formatMs(s.latencyMs.p50)} ms, p99 ${formatMs(s.latencyMs.p99)} ms (${s.latencyToFloor.p50.toFixed(1)}× / ${s.latencyToFloor.p99.toFixed(1)}× floor), ` +
  `arrivals ${s.arrivals.received}${s.arrivals.lost ? ` (${s.arrivals.lost} lost)` : ""}, presence ${Math.round((s.cpuCores.presence ?? 0) * 100)} % of a core` +
  (s.streamErrors.length > 0 ? `, stream errors: ${s.streamErrors.join("; ")}` : "");

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const revision = describeRevision();
  const loadAtStart = currentLoad();
  say(
    `${options.profile} run: N = ${options.deviceCounts.join(", ")}; rates ${options.rates.join(", ")}/s` +
      (options.targetRepeats > 1 ? `; ${TARGET_RATES.join(" and ")}/s ${options.targetRepeats} times each` : ""),
  );
  const redisServer = await startRedisServer();
  cleanups.push({ name: "redis-server", run: () => redisServer.stop() });
  const natsServer = await startNatsServer();
  cleanups.push({ name: "nats-server", run: () => natsServer.stop() });
  say(`redis-server on ${redisServer.url}, nats-server on ${natsServer.url}; starting identity, consent, presence…`);
  const mesh = await startMesh({
    redisUrl: redisServer.url,
    natsUrl: natsServer.url,
    services: ["identity", "consent", "presence"],
    logLevel: "warn",
    extraEnv: { PRESENCE_VISIT_ABSENCE_MS: String(VISIT_ABSENCE_MS) },
    // USUAL_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of each service there on exit;
    // USUAL_NODE_ARGS="--trace-gc" passes Node options to every service.
    nodeArgs: [
      ...(process.env.USUAL_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.USUAL_PROFILE_DIR}`] : []),
      ...(process.env.USUAL_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
    ],
    // Once stopping, the services' complaints about closed connections are expected noise.
    onLogLine: (service, line) => stopping === undefined && process.stderr.write(`[${service}] ${line}\n`),
    signal: startup.signal,
  });
  cleanups.push({ name: "services", run: () => mesh.stop() });
  const redis = await connectRedis(redisServer.url, "bench");
  cleanups.push({ name: "redis client", run: () => redis.quit() });
  const brands = await registerBrands(mesh.addresses.identity, mesh.operatorCredential, options.brands);

  const subscriber = spawnBenchChild<ToSubscriber, FromSubscriber>("subscriber", "bench/subscriber.ts", {
    BENCH_NATS_URL: natsServer.url,
  });
  cleanups.push({ name: "subscriber", run: () => subscriber.stop() });
  const generator = spawnBenchChild<ToGenerator, FromGenerator>("load-generator", "bench/load-generator.ts");
  cleanups.push({ name: "load generator", run: () => generator.stop() });
  await Promise.all([subscriber.next("ready", 30_000), generator.next("ready", 30_000)]);
  const stallProbe = await StallProbe.start();
  cleanups.push({ name: "stall probe", run: () => stallProbe.stop() });
  const processes: MeasuredProcess[] = [
    ...findOwnChildren({
      presence: "services/presence/src/main.ts",
      identity: "services/identity/src/main.ts",
      consent: "services/consent/src/main.ts",
      "redis-server": "redis-server",
      "nats-server": "nats-server",
    }),
    { name: "load-generator", pid: generator.pid },
    { name: "subscriber", pid: subscriber.pid },
  ];
  say(`measuring CPU of ${processes.map((each) => `${each.name} (${each.pid})`).join(", ")}`);
  const clockOffsetMs = await measureClockOffset(generator, subscriber);
  const idleMark = await stallProbe.mark();
  await new Promise((resolve) => setTimeout(resolve, IDLE_STALL_CHECK_MS));
  const idleStalls = await stallProbe.since(idleMark);
  say(`host stalls with the services idle, ${stallProbe.priority} probe: ${describeStalls(idleStalls)}`);

  say(`baseline: trial derivation over N = ${options.trialDerivationCounts.join(", ")}…`);
  const trialDerivation = measureTrialDerivation(options.trialDerivationCounts, TRIAL_BUDGET_MS);
  const inMemoryTable = measureInMemoryTable(options.trialDerivationCounts);

  const populations: PopulationResult[] = [];
  let step = 0;
  for (const [index, devices] of options.deviceCounts.entries()) {
    if (index > 0) await redis.flushAll();
    const population = new Population({
      seedHex: randomBytes(8).toString("hex"),
      masterKeyHex: randomBytes(16).toString("hex"),
      pseudonymSecretHex: randomBytes(32).toString("hex"),
      devices,
      brandIds: brands.map((brand) => brand.brandId),
      seededInterval: intervalAt(Date.now() / 1000),
    });
    say(`seeding ${devices.toLocaleString("en")} enrolled devices…`);
    const { sampleRollingIds, ...seed } = await seedPopulation(redis, population, say);
    say(
      `seeded in ${(seed.seconds.rollingIds + seed.seconds.consent).toFixed(1)} s: ${seed.bytesPerRollingIdEntry.toFixed(1)} B per rolling-ID entry, ${seed.bytesPerDevice.toFixed(1)} B per device`,
    );
    const floor = await measureFloor(redis, natsServer.url, sampleRollingIds[0] as TableProbe, options.floorSamples);
    const redisTable = await measureRedisTable(redis, devices, sampleRollingIds);
    say(
      `floor ${floor.floorMs.toFixed(3)} ms (Redis ${floor.redisGetMs.p50.toFixed(3)} + NATS ${floor.natsOneWayMs.p50.toFixed(3)} + gRPC ${floor.grpcOneWayMs.p50.toFixed(3)})`,
    );
    generator.send({ type: "setup", population: population.spec, presenceAddress: mesh.addresses.presence });
    await generator.next("ready", 10_000);
    const steps: StepResult[] = [];
    const rates = (index === 0 ? options.rates : options.laterRates).flatMap((rate) =>
      Array.from({ length: TARGET_RATES.includes(rate) ? options.targetRepeats : 1 }, () => rate),
    );
    for (const rate of rates) {
      step += 1;
      const hubs = await registerStores(mesh.addresses.identity, brands, options.storesPerBrand, step);
      const result = await runRateStep(
        { generator, subscriber, processes, stallProbe, floor, devices },
        { step, ratePerSecond: rate, hubs, ...options },
      );
      say(summaryLine(result));
      steps.push(result);
    }
    populations.push({ devices, seed, floor, redisTable, steps });
  }

  const partial = {
    schemaVersion: 1 as const,
    profile: options.profile,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: describeMachine(loadAtStart),
    revision,
    config: { ...withoutProfile(options), visitAbsenceMs: VISIT_ABSENCE_MS },
    clockOffsetMs,
    hostStalls: { probePriority: stallProbe.priority, idle: idleStalls, idleSeconds: IDLE_STALL_CHECK_MS / 1000 },
    populations,
    trialDerivation,
    inMemoryTable,
    highestSustainedPerSecond: highestSustained(populations[0]),
  };
  const result: BenchResult = { ...partial, targets: judgeTargets(partial) };
  const paths = writeResults(result);
  process.stdout.write(`\n${renderMarkdown(result)}\n`);
  say(`wrote ${paths.json}, ${paths.markdown}, ${paths.svg}`);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
main().then(
  () => stopEverything().then(() => process.exit(0)),
  async (error: unknown) => {
    if (!interrupted)
      process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await stopEverything();
    process.exit(interrupted ? 130 : 1);
  },
);
