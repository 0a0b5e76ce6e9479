import assert from "node:assert/strict";
import { connectRedis, type RedisClient, RespPipeline, redisKeys } from "#libs/redis/src/index.js";
import { intervalAt } from "#libs/rolling-id/src/index.js";
import { SightingResolver } from "../../../../services/presence/src/store/sighting-resolver.js";
import { Visits } from "../../../../services/presence/src/store/visits.js";
import { withInfrastructure } from "../../../support/servers.js";

describe("presence - sighting resolver on Redis", function () {
  this.timeout(20_000);
  const servers = withInfrastructure();
  let redis: RedisClient;
  let hotPath: RespPipeline;
  let resolver: SightingResolver;
  const now = Date.now();
  const interval = intervalAt(now / 1000);

  const rid = (n: number) => Buffer.alloc(16, n);
  const visits = (client: RedisClient) => new Visits(client, hotPath, 60_000);
  // Stores of the test: Seattle unless told.
  const at = (brandId: string, storeId: string, latitude = 47.61, longitude = -122.33) => ({
    brandId,
    storeId,
    latitude,
    longitude,
  });
  const enrol = async (n: number, customerId: string, ridInterval: number, recognition: "1" | "0" | undefined) => {
    await redis.hSet(redisKeys.rollingIdShard(Math.floor(ridInterval / 144), rid(n)), rid(n), `${ridInterval}:${customerId}`);
    if (recognition)
      await redis.hSet(redisKeys.consentProjection(customerId, "northwind"), { recognition, pseudonym: `pseudo-${customerId}` });
  };

  before(async () => {
    redis = await connectRedis(servers.redis.url, "resolver-test");
    hotPath = await RespPipeline.connect(servers.redis.url, "resolver-test-hot-path");
    resolver = new SightingResolver(hotPath, new Visits(redis, hotPath, 60_000), 300);
    await enrol(1, "jeff", interval, "1");
    await enrol(2, "ana", interval, "0");
    await enrol(3, "early", interval - 1, "1");
    await enrol(4, "late", interval + 1, "1");
    await enrol(5, "stale", interval - 2, "1");
    await enrol(6, "future", interval + 2, "1");
    await enrol(7, "nobody", interval, undefined);
    await enrol(10, "replayed", interval, "1");
    await enrol(11, "traveller", interval, "1");
  });
  after(async () => {
    hotPath.close();
    redis.destroy();
  });

  it("presence - arrives once per visit however many beacons hear the wearable", async () => {
    const burst = Array.from({ length: 50 }, () => ({ rollingId: rid(1), observedAtMs: now }));
    const first = await resolver.resolve(at("northwind", "pike"), burst);
    const second = await resolver.resolve(at("northwind", "pike"), burst);
    assert.deepEqual(
      first.arrivals.map((arrival) => arrival.pseudonym),
      ["pseudo-jeff"],
    );
    assert.deepEqual(second.arrivals, []);
  });

  it("presence - accepts rolling IDs one interval either side and refuses two", async () => {
    const outcome = await resolver.resolve(
      at("northwind", "skew"),
      [3, 4, 5, 6].map((n) => ({ rollingId: rid(n), observedAtMs: now })),
    );
    assert.deepEqual(outcome.arrivals.map((arrival) => arrival.pseudonym).sort(), ["pseudo-early", "pseudo-late"]);
  });

  it("presence - unknown, unconsented and never-consented IDs look exactly alike", async () => {
    const unknown = await resolver.resolve(at("northwind", "oracle"), [{ rollingId: rid(99), observedAtMs: now }]);
    const withdrawn = await resolver.resolve(at("northwind", "oracle"), [{ rollingId: rid(2), observedAtMs: now }]);
    const neverAsked = await resolver.resolve(at("northwind", "oracle"), [{ rollingId: rid(7), observedAtMs: now }]);
    assert.deepEqual(unknown, withdrawn);
    assert.deepEqual(unknown, neverAsked);
  });

  it("presence - another brand's store does not recognise a customer who consented to this brand only", async () => {
    const outcome = await resolver.resolve(at("contoso", "elsewhere"), [{ rollingId: rid(1), observedAtMs: now }]);
    assert.deepEqual(outcome.arrivals, []);
  });

  it("presence - lists who is present now and lets a visitor leave once after the absence timeout", async () => {
    const visits = new Visits(redis, hotPath, 200);
    const quickToLeave = new SightingResolver(hotPath, visits, 300);
    await enrol(20, "first-visitor", interval, "1");
    await enrol(21, "second-visitor", interval, "1");
    const sighting = (n: number) => ({ rollingId: rid(n), observedAtMs: now });
    const seenAt = Date.now();
    const first = await quickToLeave.resolve(at("northwind", "quiet"), [sighting(20), sighting(21)], seenAt);
    assert.equal(first.arrivals.length, 2);
    assert.deepEqual((await visits.presentNow("northwind", "quiet", seenAt + 50)).map((v) => v.pseudonym).sort(), [
      "pseudo-first-visitor",
      "pseudo-second-visitor",
    ]);
    const again = await quickToLeave.resolve(at("northwind", "quiet"), [sighting(21)], seenAt + 150);
    assert.deepEqual(again.arrivals, [], "the second visitor is already here");
    const departed = await visits.takeDeparted(seenAt + 250);
    assert.deepEqual(
      departed.find((store) => store.storeId === "quiet")?.departed,
      [{ pseudonym: "pseudo-first-visitor", seenAtMs: seenAt }],
      "the second visitor was seen again, the first left, last seen when they arrived",
    );
    assert.deepEqual(
      (await visits.takeDeparted(seenAt + 260)).filter((store) => store.storeId === "quiet"),
      [],
      "a departure is taken once",
    );
    assert.deepEqual(
      (await visits.presentNow("northwind", "quiet", seenAt + 260)).map((v) => v.pseudonym),
      ["pseudo-second-visitor"],
    );
  });

  it("presence - a table entry that is not <interval>:<customer> is not recognised, like an unknown ID", async () => {
    // "jeff" consents, so each of these would be recognised if its interval part were read loosely.
    const malformed = ["nope", "x:jeff", ":jeff", `${interval}.5:jeff`, `0x${interval.toString(16)}p0:jeff`, ` ${interval}:jeff`];
    for (const [index, value] of malformed.entries()) {
      await redis.hSet(redisKeys.rollingIdShard(Math.floor(interval / 144), rid(30 + index)), rid(30 + index), value);
    }
    const unknown = await resolver.resolve(at("northwind", "malformed"), [{ rollingId: rid(99), observedAtMs: now }]);
    for (const index of malformed.keys()) {
      const outcome = await resolver.resolve(at("northwind", "malformed"), [{ rollingId: rid(30 + index), observedAtMs: now }]);
      assert.deepEqual(outcome, unknown, malformed[index]);
    }
    assert.deepEqual(await visits(redis).presentNow("northwind", "malformed", Date.now()), [], "and nothing was written");
  });

  it("presence - finds an entry in the next day's table around midnight", async () => {
    // 23:55 UTC: the skew rule also accepts the first interval of the next day, kept in that day's shards.
    const day = Math.floor(interval / 144) - 3;
    await enrol(50, "night-owl", (day + 1) * 144, "1");
    const outcome = await resolver.resolve(at("northwind", "midnight"), [
      { rollingId: rid(50), observedAtMs: ((day + 1) * 144 - 1) * 600_000 + 300_000 },
    ]);
    assert.deepEqual(
      outcome.arrivals.map((arrival) => arrival.pseudonym),
      ["pseudo-night-owl"],
    );
  });

  it("presence - arrivals come in the order their customers were first heard in the batch", async () => {
    await enrol(51, "heard-first", interval, "1");
    await enrol(52, "heard-second", interval, "1");
    await enrol(53, "heard-first", interval + 1, "1");
    const outcome = await resolver.resolve(at("northwind", "order"), [
      { rollingId: rid(51), observedAtMs: now },
      { rollingId: rid(52), observedAtMs: now + 1_000 },
      { rollingId: rid(53), observedAtMs: now + 2_000 },
    ]);
    assert.deepEqual(
      outcome.arrivals.map((arrival) => arrival.pseudonym),
      ["pseudo-heard-first", "pseudo-heard-second"],
    );
  });

  it("presence - a suggestions key of the wrong type leaves the suggestions out, and the arrival still goes out", async () => {
    await enrol(54, "odd-suggestions", interval, "1");
    await redis.hSet(redisKeys.suggestions("odd-suggestions", "northwind"), { not: "a string" });
    const first = await resolver.resolve(at("northwind", "odd"), [{ rollingId: rid(54), observedAtMs: now }]);
    assert.deepEqual(
      first.arrivals.map((arrival) => [arrival.pseudonym, arrival.card.card.suggestions ?? []]),
      [["pseudo-odd-suggestions", []]],
    );
  });

  it("presence - a customer heard under two rolling IDs in one batch arrives once", async () => {
    await enrol(40, "rolling-over", interval, "1");
    await enrol(41, "rolling-over", interval + 1, "1");
    const outcome = await resolver.resolve(at("northwind", "rollover"), [
      { rollingId: rid(40), observedAtMs: now },
      { rollingId: rid(41), observedAtMs: now + 1_000 },
    ]);
    assert.deepEqual(
      outcome.arrivals.map((arrival) => [arrival.pseudonym, arrival.observedAtMs]),
      [["pseudo-rolling-over", now + 1_000]],
      "one arrival, at the latest sighting",
    );
    assert.equal(outcome.rollingIds, 2);
    assert.equal(outcome.recognisedRollingIds, 1);
  });

  it("presence - drops a rolling ID heard over a span longer than two intervals (replay)", async () => {
    const early = (interval - 1) * 600_000 + 1_000;
    const late = (interval + 1) * 600_000 + 599_000;
    const first = await resolver.resolve(at("northwind", "replay-a"), [{ rollingId: rid(10), observedAtMs: early }]);
    assert.equal(first.arrivals.length, 1);
    const replayed = await resolver.resolve(at("northwind", "replay-b"), [{ rollingId: rid(10), observedAtMs: late }]);
    assert.deepEqual(replayed.arrivals, [], "the same ID 40 minutes later, at another store, is not recognised");
    assert.equal(replayed.dropped.replay, 1);
  });

  it("presence - a replay is caught by another replica, which has not heard the rolling ID itself", async () => {
    await enrol(12, "replayed-elsewhere", interval, "1");
    const early = (interval - 1) * 600_000 + 1_000;
    const late = (interval + 1) * 600_000 + 599_000;
    const first = await resolver.resolve(at("northwind", "replica-a"), [{ rollingId: rid(12), observedAtMs: early }]);
    assert.equal(first.arrivals.length, 1);
    const otherReplica = new SightingResolver(hotPath, new Visits(redis, hotPath, 60_000), 300);
    const replayed = await otherReplica.resolve(at("northwind", "replica-b"), [{ rollingId: rid(12), observedAtMs: late }]);
    assert.deepEqual(replayed.arrivals, []);
    assert.equal(replayed.dropped.replay, 1, "the first-seen time came from Redis");
  });

  it("presence - flags the same customer at two stores too far apart for the time between (relay)", async () => {
    const seattle = await resolver.resolve(at("northwind", "seattle"), [{ rollingId: rid(11), observedAtMs: now }]);
    assert.equal(seattle.arrivals.length, 1);
    const london = await resolver.resolve(at("northwind", "london", 51.5, -0.12), [
      { rollingId: rid(11), observedAtMs: now + 60_000 },
    ]);
    assert.deepEqual(london.arrivals, []);
    assert.equal(london.dropped.impossibleTravel, 1);
    const nextDoor = await resolver.resolve(at("northwind", "next-door", 47.615, -122.33), [
      { rollingId: rid(11), observedAtMs: now + 90_000 },
    ]);
    assert.equal(nextDoor.arrivals.length, 1, "a store a short walk away is fine: the relay in London did not move the customer");
    assert.deepEqual(await visits(redis).presentNow("northwind", "london", now + 60_000), [], "the refused visit was taken back");
  });

  it("presence - a departure sweep that runs late still announces the visitor who left", async () => {
    // A short absence timeout, as in the end-to-end tests: the store list and the visit keys
    // used to expire 2 × the timeout after their last write, before a sweep held up by a busy
    // machine could take the visitor, and that LEFT was never announced.
    const absenceMs = 200;
    const shortVisits = new Visits(redis, hotPath, absenceMs);
    const shortResolver = new SightingResolver(hotPath, shortVisits, 300);
    const seenAtMs = Date.now();
    const outcome = await shortResolver.resolve(
      at("northwind", "late-sweep"),
      [{ rollingId: rid(1), observedAtMs: now }],
      seenAtMs,
    );
    assert.deepEqual(
      outcome.arrivals.map((arrival) => arrival.pseudonym),
      ["pseudo-jeff"],
    );
    await new Promise((resolve) => setTimeout(resolve, absenceMs * 3));
    const swept = await shortVisits.takeDeparted(Date.now());
    assert.deepEqual(
      swept.filter((store) => store.storeId === "late-sweep").map((store) => store.departed),
      [[{ pseudonym: "pseudo-jeff", seenAtMs }]],
      "the visitor is still there to be announced as gone",
    );
  });
});
