// Seeds N enrolled devices the way identity and consent would leave Redis: each device's
// rolling-ID window computed by identity's precompute and written by identity's ResolverTable
// (HSET rid:<day>:<shard> <raw id> "<interval>:<customer>", EXPIREAT after the day), and the consent projection hash of its
// customer for one brand (recognition, greet_by_name, preferences and recommendations = "1" with
// their ledger sequences, the brand pseudonym, a binary SharedCard) plus the recognition-brands
// set, as ConsentProjection writes them, and the customer's binary Suggestions. Pipelined: each await covers
// about 5,000 commands, and the next chunk is derived while the previous one is in flight.
import { create, toBinary } from "@bufbuild/protobuf";
import { SharedCardSchema } from "#gen/usual/consent/v1/card_pb.js";
import { SuggestionsSchema } from "#gen/usual/recommendations/v1/suggestions_pb.js";
import { type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { dayOfInterval } from "#libs/rolling-id/src/index.js";
import { ResolverTable } from "../services/identity/src/store/resolver-table.js";
import type { Population } from "./population.js";

export type SeedResult = {
  readonly devices: number;
  readonly rollingIdEntries: number;
  readonly consentHashes: number;
  readonly seconds: { readonly rollingIds: number; readonly consent: number };
  readonly usedMemoryBytes: { readonly before: number; readonly afterRollingIds: number; readonly afterConsent: number };
  readonly bytesPerRollingIdEntry: number;
  /** Everything one enrolled device adds: its rolling-ID entries and its consent projection. */
  readonly bytesPerDevice: number;
  /** MEMORY USAGE of a sample of keys, for comparison with the INFO delta. */
  readonly sampledMemoryUsage: { readonly rollingIdKey: number; readonly consentHash: number };
  /** A few seeded rolling IDs (base64url), for lookups against the table. */
  /** Table lookups that must hit: the shard key and the raw rolling ID. */
  readonly sampleRollingIds: readonly TableProbe[];
};

const COMMANDS_PER_AWAIT = 5_000;
// Every customer shares a name, a choice and a don't-ask item, and has two suggestions: each
// arrival carries a full counter card, as consent and recommendations would leave them.
const SHARED_CARD = Buffer.from(
  toBinary(
    SharedCardSchema,
    create(SharedCardSchema, {
      greetingName: "Alex",
      choices: [{ choiceId: "usual", label: "Regular order", answer: "Tall drip Pike" }],
      dontAsk: [{ itemId: "receipt", label: "Paper receipt" }],
    }),
  ),
);
const SUGGESTIONS = Buffer.from(
  toBinary(
    SuggestionsSchema,
    create(SuggestionsSchema, {
      suggestions: [
        { itemId: "macchiato", label: "Iced caramel macchiato", reason: "because you love caramel" },
        { itemId: "scone", label: "Blueberry scone", reason: "often with your usual" },
      ],
    }),
  ),
);
const SAMPLE_SIZE = 1_000;

async function usedMemory(redis: RedisClient): Promise<number> {
  const info = await redis.info("memory");
  const match = /used_memory:(\d+)/.exec(info);
  if (!match?.[1]) throw new Error("INFO memory has no used_memory");
  return Number(match[1]);
}

async function memoryUsage(redis: RedisClient, keys: readonly string[]): Promise<number> {
  const sizes = await Promise.all(keys.map((key) => redis.sendCommand(["MEMORY", "USAGE", key, "SAMPLES", "0"])));
  return sizes.reduce<number>((sum, size) => sum + Number(size), 0) / Math.max(1, keys.length);
}

/** MEMORY USAGE of table shards divided by their entries: the bytes one rolling ID costs inside a shard. */
async function memoryUsagePerEntry(redis: RedisClient, keys: readonly string[]): Promise<number> {
  const [bytes, entries] = await Promise.all([memoryUsage(redis, keys), Promise.all(keys.map((key) => redis.hLen(key)))]);
  const averageEntries = entries.reduce((sum, count) => sum + count, 0) / Math.max(1, keys.length);
  return bytes / Math.max(1, averageEntries);
}

export type TableProbe = { readonly key: string; readonly field: Buffer };

/** Runs `issue` over [0, count) in chunks, keeping one chunk in flight while the next is prepared. */
async function pipelined(count: number, perChunk: number, issue: (index: number) => Promise<unknown>): Promise<void> {
  let inFlight: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < count; start += perChunk) {
    const chunk: Promise<unknown>[] = [];
    for (let index = start; index < Math.min(count, start + perChunk); index += 1) chunk.push(issue(index));
    await inFlight;
    inFlight = Promise.all(chunk);
  }
  await inFlight;
}

export async function seedPopulation(
  redis: RedisClient,
  population: Population,
  progress: (line: string) => void,
): Promise<SeedResult> {
  const devices = population.spec.devices;
  const table = new ResolverTable(redis);
  const sampleEvery = Math.max(1, Math.floor(devices / SAMPLE_SIZE));
  const sampleRollingIds: TableProbe[] = [];
  const sampleConsentKeys: string[] = [];
  let rollingIdEntries = 0;

  const before = await usedMemory(redis);
  let started = performance.now();
  const entriesPerDevice = population.resolverEntries(0).length;
  await pipelined(devices, Math.ceil(COMMANDS_PER_AWAIT / entriesPerDevice), (index) => {
    const entries = population.resolverEntries(index);
    rollingIdEntries += entries.length;
    if (index % sampleEvery === 0 && entries[1]) {
      sampleRollingIds.push({
        key: redisKeys.rollingIdShard(dayOfInterval(entries[1].interval), entries[1].rollingId),
        field: entries[1].rollingId,
      });
    }
    if (index > 0 && index % 100_000 === 0) progress(`  ${index.toLocaleString("en")} devices' rolling IDs written`);
    return table.put(population.customerId(index), entries);
  });
  const rollingIdSeconds = (performance.now() - started) / 1000;
  const afterRollingIds = await usedMemory(redis);

  started = performance.now();
  await pipelined(devices, Math.ceil(COMMANDS_PER_AWAIT / 3), (index) => {
    const customerId = population.customerId(index);
    const brandId = population.brandIdOf(index);
    const key = redisKeys.consentProjection(customerId, brandId);
    if (index % sampleEvery === 0) sampleConsentKeys.push(key);
    return Promise.all([
      redis.hSet(key, {
        recognition: "1",
        "recognition:seq": "1",
        pseudonym: population.pseudonym(index),
        greet_by_name: "1",
        "greet_by_name:seq": "1",
        preferences: "1",
        "preferences:seq": "1",
        recommendations: "1",
        "recommendations:seq": "1",
        card: SHARED_CARD,
      }),
      redis.sAdd(redisKeys.consentRecognitionBrands(customerId), brandId),
      redis.set(redisKeys.suggestions(customerId, brandId), SUGGESTIONS),
    ]);
  });
  const consentSeconds = (performance.now() - started) / 1000;
  const afterConsent = await usedMemory(redis);

  return {
    devices,
    rollingIdEntries,
    consentHashes: devices,
    seconds: { rollingIds: rollingIdSeconds, consent: consentSeconds },
    usedMemoryBytes: { before, afterRollingIds, afterConsent },
    bytesPerRollingIdEntry: (afterRollingIds - before) / rollingIdEntries,
    bytesPerDevice: (afterConsent - before) / devices,
    sampledMemoryUsage: {
      rollingIdKey: await memoryUsagePerEntry(
        redis,
        sampleRollingIds.slice(0, 200).map((probe) => probe.key),
      ),
      consentHash: await memoryUsage(redis, sampleConsentKeys.slice(0, 200)),
    },
    sampleRollingIds,
  };
}
