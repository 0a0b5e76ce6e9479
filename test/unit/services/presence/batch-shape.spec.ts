import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { createValidator } from "@bufbuild/protovalidate";
import { StreamSightingsRequestSchema } from "#gen/usual/presence/v1/presence_pb.js";
import { certainlyValid } from "../../../../services/presence/src/domain/batch-shape.js";

// The quick check may only ever say "valid" where protovalidate does; if presence.proto's rules
// change, this fails until batch-shape.ts follows.
/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// USUAL_TEST_SEED=<n> repeats a run; otherwise each run draws a new seed and a failure names it.
function seedOf(text: string | undefined): number {
  if (text === undefined || text === "") return Math.floor(Math.random() * 2 ** 32);
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new Error(`USUAL_TEST_SEED must be a whole number, not ${JSON.stringify(text)}`);
  return seed;
}
const SEED = seedOf(process.env.USUAL_TEST_SEED);
const random = seededRandom(SEED);

describe("presence - quick batch check against protovalidate", () => {
  const validator = createValidator();
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const storeIds = ["pike-place", "a", "ab", "a".repeat(40), "a".repeat(41), "Pike", "1pike", "pike_place", "", "pike-"];
  const rollingIds = [16, 16, 16, 15, 17, 0].map((length) => new Uint8Array(length));
  const beaconIds = ["beacon-1", "", "b".repeat(64), "b".repeat(65), "é".repeat(64), "😀".repeat(32), "😀".repeat(33)];
  const rssis = [-60, -127, -128, 20, 21, 0];

  function randomRequest() {
    const count = random() < 0.02 ? pick([1000, 1001]) : pick([1, 1, 2, 3, 0]);
    return create(StreamSightingsRequestSchema, {
      batchId: 1n,
      ...(random() < 0.97
        ? {
            batch: {
              storeId: pick(storeIds),
              sightings: Array.from({ length: count }, (_, index) => ({
                rollingId: index === 0 || random() < 0.1 ? pick(rollingIds) : new Uint8Array(16),
                beaconId: index === 0 || random() < 0.1 ? pick(beaconIds) : "beacon-1",
                ...(random() < 0.95 ? { observedAt: { seconds: 1_800_000_000n, nanos: 5 } } : {}),
                rssi: index === 0 || random() < 0.1 ? pick(rssis) : -60,
              })),
            },
          }
        : {}),
    });
  }

  it("presence - never calls a batch valid that protovalidate rejects, and passes the common well-formed batch", () => {
    let quick = 0;
    let valid = 0;
    const withSeed = (message: string) => `${message} (USUAL_TEST_SEED=${SEED} repeats this run)`;
    for (let round = 0; round < 3_000; round++) {
      const request = randomRequest();
      const verdict = validator.validate(StreamSightingsRequestSchema, request).kind;
      if (certainlyValid(request)) {
        quick += 1;
        assert.equal(
          verdict,
          "valid",
          withSeed(`quick check passed an invalid batch: ${JSON.stringify(request.batch?.storeId)}`),
        );
      }
      if (verdict === "valid") valid += 1;
    }
    assert.ok(
      valid > 50 && quick > 0.5 * valid,
      withSeed(`the quick check should take most valid batches (${quick} of ${valid})`),
    );
    const common = create(StreamSightingsRequestSchema, {
      batchId: 2n,
      batch: {
        storeId: "pike-place",
        sightings: [{ rollingId: new Uint8Array(16), beaconId: "beacon-1", observedAt: { seconds: 1n }, rssi: -60 }],
      },
    });
    assert.ok(certainlyValid(common), "a hub's ordinary batch takes the quick path");
  });
});
