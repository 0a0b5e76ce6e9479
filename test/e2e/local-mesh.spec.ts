import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { createClient } from "redis";
import { findBinary } from "#libs/local-mesh/src/binaries.js";
import { MeshStartError, startMesh, startNatsServer, startRedisServer } from "#libs/local-mesh/src/index.js";

const REPO_ROOT = join(import.meta.dirname, "../..");

/** A repository root whose identity service is the given script. */
function fakeRoot(identityMain: string): string {
  const root = mkdtempSync(join(tmpdir(), "usual-fake-root-"));
  mkdirSync(join(root, "libs/telemetry/src"), { recursive: true });
  mkdirSync(join(root, "services/identity/src"), { recursive: true });
  writeFileSync(join(root, "libs/telemetry/src/register.mjs"), "");
  writeFileSync(join(root, "services/identity/src/main.ts"), identityMain);
  symlinkSync(join(REPO_ROOT, "node_modules"), join(root, "node_modules"));
  return root;
}

describe("local-mesh", function () {
  this.timeout(30_000);

  it("local-mesh - Redis keeps its append-only data across a restart on the same port", async () => {
    const redis = await startRedisServer({ appendOnly: true });
    try {
      const before = createClient({ url: redis.url });
      await before.connect();
      await before.set("greeting", "tall drip");
      await before.quit();
      await redis.restart();
      const after = createClient({ url: redis.url });
      await after.connect();
      assert.equal(await after.get("greeting"), "tall drip");
      await after.quit();
    } finally {
      await redis.stop();
    }
  });

  it("local-mesh - NATS keeps JetStream messages across a restart on the same port", async () => {
    const nats = await startNatsServer();
    try {
      const before = await connect({ servers: nats.url.replace("nats://", "") });
      await (await jetstreamManager(before)).streams.add({ name: "ORDERS", subjects: ["orders.>"] });
      await jetstream(before).publish("orders.pike", "tall drip");
      await before.close();
      await nats.restart();
      const after = await connect({ servers: nats.url.replace("nats://", "") });
      const info = await (await jetstreamManager(after)).streams.info("ORDERS");
      assert.equal(info.state.messages, 1);
      await after.close();
    } finally {
      await nats.stop();
    }
  });

  it("local-mesh - stopping a server removes the data directory it made", async () => {
    const redis = await startRedisServer();
    assert.ok(existsSync(redis.dataDir));
    await redis.stop();
    assert.equal(existsSync(redis.dataDir), false);
  });

  it("local-mesh - a missing server binary names the apt-get command that installs it", () => {
    assert.throws(() => findBinary("redis-server", "/nonexistent"), /apt-get install redis-server/);
  });

  it("local-mesh - a service that exits before serving is named with its last output", async () => {
    const rootDir = fakeRoot('console.log("cannot reach the key vault"); process.exit(3);\n');
    try {
      await assert.rejects(
        startMesh({ redisUrl: "redis://127.0.0.1:1", natsUrl: "nats://127.0.0.1:1", services: ["identity"], rootDir }),
        (error: unknown) =>
          error instanceof MeshStartError &&
          /service identity exited with code 3/.test(error.message) &&
          /key vault/.test(error.message),
      );
    } finally {
      rmSync(rootDir, { recursive: true, force: true });
    }
  });

  it("local-mesh - a service that never reports SERVING fails start-up in time and is stopped", async () => {
    const rootDir = fakeRoot("setInterval(() => {}, 1_000);\n");
    try {
      await assert.rejects(
        startMesh({
          redisUrl: "redis://127.0.0.1:1",
          natsUrl: "nats://127.0.0.1:1",
          services: ["identity"],
          rootDir,
          readyTimeoutMs: 1_500,
        }),
        (error: unknown) => error instanceof MeshStartError && /identity did not report SERVING/.test(error.message),
      );
    } finally {
      rmSync(rootDir, { recursive: true, force: true });
    }
  });
});
