import assert from "node:assert/strict";
import { RESP_TYPES } from "redis";
import { connectRedis, type RedisClient, RespError, RespPipeline } from "#libs/redis/src/index.js";
import { withInfrastructure } from "../../support/servers.js";

describe("libs/redis - the hot path's lean pipeline against a real Redis", function () {
  this.timeout(30_000);
  const servers = withInfrastructure();
  let redis: RedisClient;
  let pipeline: RespPipeline;

  before(async () => {
    redis = await connectRedis(servers.redis.url, "pipeline-test-admin");
    pipeline = await RespPipeline.connect(servers.redis.url, "pipeline-test");
  });
  after(() => {
    pipeline.close();
    redis.destroy();
  });

  it("libs/redis - commands of one turn come back in order, each reply with its type", async () => {
    const replies = await Promise.all([
      pipeline.call(["SET", "pipe:text", "héllo"]),
      pipeline.call(["GET", "pipe:text"]),
      pipeline.call(["HGET", "pipe:missing", "field"]),
      pipeline.call(["INCRBY", "pipe:count", "-5"]),
      pipeline.call(["HSET", "pipe:hash", "a", "1"]),
      pipeline.call(["HMGET", "pipe:hash", "a", "b"]),
      pipeline.call(["SET", "pipe:text", "again", "GET"]),
    ]);
    assert.deepEqual(replies, ["OK", Buffer.from("héllo"), null, -5, 1, [Buffer.from("1"), null], Buffer.from("héllo")]);
  });

  it("libs/redis - binary keys and values round trip byte for byte, however the socket splits them", async () => {
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
    const large = Buffer.alloc(3 * 1024 * 1024, everyByte);
    await Promise.all([pipeline.call(["SET", everyByte, everyByte]), pipeline.call(["SET", "pipe:large", large])]);
    const [small, big, viaNodeRedis] = await Promise.all([
      pipeline.call(["GET", everyByte]),
      pipeline.call(["GET", "pipe:large"]),
      redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).get(everyByte),
    ]);
    assert.deepEqual(small, everyByte);
    assert.ok(Buffer.isBuffer(big) && big.equals(large), "3 MB value intact");
    assert.deepEqual(viaNodeRedis, everyByte, "what the pipeline wrote is what another client reads");
  });

  it("libs/redis - thousands of commands over many turns, answered over many reads, come back in order", async () => {
    const padding = "p".repeat(200);
    await pipeline.call(["SET", "pipe:padding", padding]);
    const counts: Promise<unknown>[] = [];
    const paddings: Promise<unknown>[] = [];
    // Waves of 5,000 pairs: about 1 MB of replies each, so they arrive over several socket reads
    // while later waves are already written.
    for (let wave = 0; wave < 4; wave += 1) {
      for (let index = 0; index < 5_000; index += 1) {
        counts.push(pipeline.call(["INCR", "pipe:sequence"]));
        paddings.push(pipeline.call(["GET", "pipe:padding"]));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(
      await Promise.all(counts),
      Array.from({ length: 20_000 }, (_, index) => index + 1),
    );
    assert.ok((await Promise.all(paddings)).every((reply) => Buffer.isBuffer(reply) && reply.toString() === padding));
  });

  it("libs/redis - an error reply fails its own command only", async () => {
    await redis.set("pipe:not-a-number", "abc");
    const [before, failed, after] = await Promise.allSettled([
      pipeline.call(["SET", "pipe:before", "1"]),
      pipeline.call(["INCR", "pipe:not-a-number"]),
      pipeline.call(["GET", "pipe:before"]),
    ]);
    assert.deepEqual(before, { status: "fulfilled", value: "OK" });
    assert.equal(failed.status, "rejected");
    assert.ok(failed.status === "rejected" && failed.reason instanceof RespError);
    assert.match((failed as PromiseRejectedResult).reason.message, /not an integer/);
    assert.deepEqual(after, { status: "fulfilled", value: Buffer.from("1") });
  });

  it("libs/redis - a script runs by its SHA, and is sent whole when Redis has forgotten it", async () => {
    const run = pipeline.script("return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}");
    await redis.scriptFlush();
    assert.deepEqual(await run(["pipe:k"], ["v", "41"]), [Buffer.from("pipe:k"), Buffer.from("v"), 42]);
    assert.deepEqual(await run(["pipe:k"], ["w", "1"]), [Buffer.from("pipe:k"), Buffer.from("w"), 2]);
  });

  it("libs/redis - selects the database the URL names, and authenticates with the URL's password", async () => {
    const inThree = await RespPipeline.connect(`${servers.redis.url}/3`, "pipeline-test-db3");
    try {
      await inThree.call(["SET", "pipe:db", "three"]);
      assert.equal(await redis.get("pipe:db"), null, "not written to database 0");
      assert.deepEqual(await inThree.call(["GET", "pipe:db"]), Buffer.from("three"));
    } finally {
      inThree.close();
    }
    await redis.configSet("requirepass", "s3cret");
    try {
      const url = new URL(servers.redis.url);
      const authenticated = await RespPipeline.connect(`redis://:s3cret@${url.host}`, "pipeline-test-auth");
      assert.equal(await authenticated.call(["PING"]), "PONG");
      authenticated.close();
      await assert.rejects(RespPipeline.connect(`redis://:wrong@${url.host}`, "pipeline-test-auth"), (error: Error) => {
        assert.match(error.message, /could not connect to Redis at .*: WRONGPASS/);
        assert.doesNotMatch(error.message, /wrong@|s3cret/, "the password is never in the message");
        return true;
      });
    } finally {
      await redis.configSet("requirepass", "");
    }
  });

  it("libs/redis - comes back by itself after Redis restarts", async () => {
    await pipeline.call(["SET", "pipe:survivor", "before"]);
    await servers.redis.restart();
    // The first command after the restart may meet the dead connection; the pipeline reconnects.
    let reply: unknown;
    for (let attempt = 0; attempt < 50 && reply === undefined; attempt += 1) {
      reply = await pipeline.call(["PING"]).catch(() => undefined);
      if (reply === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(reply, "PONG");
    assert.deepEqual(await pipeline.call(["SET", "pipe:after", "yes", "GET"]), null);
  });
});
