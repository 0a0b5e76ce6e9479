import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { create, toBinary } from "@bufbuild/protobuf";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConsentState, EntryKind, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { type LedgerEntry, LedgerEntrySchema } from "#gen/usual/consent/v1/events_pb.js";
import { connectNats, streams, subjects } from "#libs/nats/src/index.js";
import { connectRedis, type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { CustomerQueue } from "../../../../services/consent/src/customer-queue.js";
import { firstBreak } from "../../../../services/consent/src/domain/chain.js";
import { entryHash } from "../../../../services/consent/src/domain/ledger-entry.js";
import { ConsentProjector } from "../../../../services/consent/src/projector.js";
import { CustomerKeys } from "../../../../services/consent/src/store/customer-keys.js";
import { ConsentLedger } from "../../../../services/consent/src/store/ledger.js";
import { ConsentProjection } from "../../../../services/consent/src/store/projection.js";
import { withInfrastructure } from "../../../support/servers.js";

describe("consent - ledger on JetStream", function () {
  this.timeout(30_000);
  const servers = withInfrastructure();
  let nats: NatsConnection;
  let ledger: ConsentLedger;

  beforeEach(async () => {
    nats = await connectNats(servers.nats.url, "ledger-test");
    ledger = new ConsentLedger(jetstream(nats), await jetstreamManager(nats));
    await ledger.ensure();
  });
  afterEach(async () => {
    await nats.close();
  });

  const grant = (customerId: string, brandId = "northwind", state = ConsentState.GIVEN) =>
    ledger.append({ customerId, brandId, kind: EntryKind.BRAND, purpose: Purpose.RECOGNITION, state });

  it("consent - an acknowledged append survives a restart of nats-server", async () => {
    const appended = await grant("survivor");
    await nats.close();
    await servers.nats.restart();
    nats = await connectNats(servers.nats.url, "ledger-test-after-restart");
    ledger = new ConsentLedger(jetstream(nats), await jetstreamManager(nats));
    const last = await ledger.last("survivor");
    assert.equal(last?.entry.hash, appended.entry.hash);
    assert.equal(last?.entry.state, ConsentState.GIVEN);
  });

  it("consent - concurrent changes for one customer form one unbroken hash chain", async () => {
    const states = Array.from({ length: 24 }, (_, index) => (index % 2 === 0 ? ConsentState.GIVEN : ConsentState.WITHDRAWN));
    // Within one consent process changes queue per customer; four writers stand for four replicas racing.
    const queues = Array.from({ length: 4 }, () => new CustomerQueue());
    await Promise.all(states.map((state, index) => queues[index % 4]?.run("busy", () => grant("busy", "northwind", state))));
    const chain: LedgerEntry[] = [];
    for await (const stored of ledger.replay()) if (stored.entry.customerId === "busy") chain.push(stored.entry);
    assert.equal(chain.length, states.length);
    chain.forEach((entry, index) => {
      assert.equal(entry.previousHash, index === 0 ? "" : chain[index - 1]?.hash, `link ${index}`);
      assert.equal(entryHash(entry), entry.hash, `hash ${index}`);
    });
  });

  describe("consent - tamper evidence", () => {
    const chainOf = async (customerId: string) => {
      const entries = [];
      for await (const stored of ledger.entriesOf(customerId)) entries.push(stored);
      return entries;
    };

    it("consent - an untouched chain verifies", async () => {
      for (const state of [ConsentState.GIVEN, ConsentState.WITHDRAWN, ConsentState.GIVEN])
        await grant("honest", "northwind", state);
      const entries = await chainOf("honest");
      assert.equal(entries.length, 3);
      assert.equal(firstBreak(entries), undefined);
    });

    it("consent - removing an entry from the stream is caught at the entry after it", async () => {
      const appended = [];
      for (const state of [ConsentState.GIVEN, ConsentState.WITHDRAWN, ConsentState.GIVEN])
        appended.push(await grant("victim", "northwind", state));
      const jsm = await jetstreamManager(nats);
      await jsm.streams.deleteMessage(streams.consentLedger, appended[1]?.sequence ?? 0);
      const broken = firstBreak(await chainOf("victim"));
      assert.equal(broken?.sequence, appended[2]?.sequence);
      assert.match(broken?.reason ?? "", /removed, altered or forged/);
    });

    it("consent - an entry forged by someone with write access to the subject is caught", async () => {
      await grant("forged", "northwind", ConsentState.WITHDRAWN);
      const forgery = create(LedgerEntrySchema, {
        customerId: "forged",
        brandId: "northwind",
        purpose: Purpose.RECOGNITION,
        state: ConsentState.GIVEN,
        previousHash: "0".repeat(64),
        hash: "f".repeat(64),
      });
      const ack = await jetstream(nats).publish(subjects.consentLedger("forged"), toBinary(LedgerEntrySchema, forgery));
      const broken = firstBreak(await chainOf("forged"));
      assert.equal(broken?.sequence, ack.seq);
      assert.match(broken?.reason ?? "", /altered/);
    });
  });

  describe("consent - projection", () => {
    let redis: RedisClient;
    beforeEach(async () => {
      redis = await connectRedis(servers.redis.url, "projection-test");
    });
    afterEach(async () => {
      await redis.quit();
    });

    const projectorOn = async (client: RedisClient) =>
      new ConsentProjector(new ConsentProjection(client), await CustomerKeys.open(nats, randomBytes(32)));

    it("consent - the projection ends at the ledger's last word whatever order updates land in", async () => {
      const projector = await projectorOn(redis);
      const given = await grant("racer");
      const withdrawn = await grant("racer", "northwind", ConsentState.WITHDRAWN);
      assert.equal(await projector.apply(withdrawn, undefined), false);
      assert.equal(await projector.apply(given, undefined), false, "a late, older grant must not resurrect consent");
      assert.equal(await redis.hGet(redisKeys.consentProjection("racer", "northwind"), "recognition"), "0");
    });

    it("consent - a Redis that lost everything is rebuilt from the ledger", async () => {
      const projector = await projectorOn(redis);
      await grant("rebuilt", "contoso");
      await redis.flushAll();
      const applied = await projector.rebuildIfMissing(ledger);
      assert.ok(applied && applied >= 1);
      assert.equal(await redis.hGet(redisKeys.consentProjection("rebuilt", "contoso"), "recognition"), "1");
      assert.equal(await projector.rebuildIfMissing(ledger), undefined, "no second rebuild while the watermark stands");
    });
  });
});
