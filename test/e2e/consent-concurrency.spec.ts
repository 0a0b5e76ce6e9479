// Many changes at once for one customer and brand end consistent; a change whose projection
// update failed after its ledger append is completed by the customer's next change.
import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { status } from "@grpc/grpc-js";
import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { createLocalJWKSet, jwtVerify } from "jose";
import { type ConsentRecord, ConsentService, ConsentState, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { ConsentChangedSchema } from "#gen/usual/consent/v1/events_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats, streams } from "#libs/nats/src/index.js";
import { connectRedis, type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { type ConsentClient, grantRecognition, publishNotice, rejectsWith } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { registerBrand, registerCustomerWithWatch } from "../support/world.js";

describe("consent - concurrency and repair", function () {
  this.timeout(60_000);
  let consent: ConsentClient;
  let redis: RedisClient;
  let nats: NatsConnection;
  after(async () => {
    consent?.close();
    redis?.destroy();
    await nats?.close();
  });
  const running = withMesh(["identity", "consent"]);
  before(async () => {
    consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    redis = await connectRedis(running.infrastructure.redis.url, "concurrency-test");
    nats = await connectNats(running.infrastructure.nats.url, "concurrency-test");
  });

  it("consent - 40 concurrent grants and revokes for one pair end with ledger, projection and last receipt agreeing", async () => {
    const brand = await registerBrand(running.mesh, []);
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    await grantRecognition(consent, brand, jeff);
    const bearer = { bearer: jeff.credential };
    const change = { brandId: brand.brandId, purpose: Purpose.RECOGNITION };
    const calls = Array.from({ length: 40 }, (_, index) =>
      index % 2 === 0 ? consent.revokeConsent(change, bearer) : consent.grantConsent({ ...change, noticeVersion: 1 }, bearer),
    );
    const records = (await Promise.all(calls)).map((response) => response.record as ConsentRecord);
    const last = records.reduce((a, b) => (a.ledgerSequence > b.ledgerSequence ? a : b));
    assert.equal(new Set(records.map((r) => r.ledgerSequence)).size, 40, "every call its own entry");

    const listed = await consent.listConsents({ customerId: jeff.customerId }, bearer);
    const inLedger = listed.brands[0]?.purposes.find((p) => p.purpose === Purpose.RECOGNITION);
    assert.equal(inLedger?.entryHash, last.entryHash, "the ledger's last word is the last receipt's entry");
    const projected = await redis.hmGet(redisKeys.consentProjection(jeff.customerId, brand.brandId), [
      "recognition",
      "recognition:seq",
    ]);
    assert.deepEqual(projected, [last.state === ConsentState.GIVEN ? "1" : "0", String(last.ledgerSequence)]);
    const keys = createLocalJWKSet(JSON.parse((await consent.getReceiptKeys({})).jwksJson));
    const { payload } = await jwtVerify(last.receipt, keys);
    assert.equal(payload.state, ConsentState[last.state].toLowerCase());
    const verified = await consent.verifyLedger({}, bearer);
    assert.deepEqual([verified.intact, verified.entriesChecked], [true, 42]);
  });

  it("consent - a revoke whose projection update failed is applied and announced by the customer's next change", async () => {
    const brand = await registerBrand(running.mesh, []);
    await publishNotice(consent, brand, Purpose.INSIGHTS);
    const ana = await registerCustomerWithWatch(running.mesh.addresses.identity, "Ana");
    await grantRecognition(consent, brand, ana);
    const bearer = { bearer: ana.credential };
    const projection = redisKeys.consentProjection(ana.customerId, brand.brandId);

    // Redis refuses writes (out of memory) while reads and the ledger still work.
    await redis.configSet("maxmemory", "1");
    try {
      await rejectsWith(
        consent.revokeConsent({ brandId: brand.brandId, purpose: Purpose.RECOGNITION }, bearer),
        status.INTERNAL,
        /internal error/,
      );
    } finally {
      await redis.configSet("maxmemory", "0");
    }
    const listed = await consent.listConsents({ customerId: ana.customerId }, bearer);
    const revoke = listed.brands[0]?.purposes.find((p) => p.purpose === Purpose.RECOGNITION);
    assert.equal(revoke?.state, ConsentState.WITHDRAWN, "the ledger holds the revoke");
    assert.equal(await redis.hGet(projection, "recognition"), "1", "the projection missed it (the gap being repaired)");

    await consent.grantConsent({ brandId: brand.brandId, purpose: Purpose.INSIGHTS, noticeVersion: 1 }, bearer);
    assert.equal(await redis.hGet(projection, "recognition"), "0", "the next change applied the missed revoke first");
    const announced = [];
    const consumer = await jetstream(nats).consumers.get(streams.consentChanges, { deliver_policy: DeliverPolicy.All });
    const info = await consumer.info();
    for (let read = 0; read < info.num_pending; read++) {
      const message = await consumer.next();
      if (!message) break;
      const changed = fromBinary(ConsentChangedSchema, message.data);
      if (changed.customerId === ana.customerId) announced.push([Purpose[changed.purpose], ConsentState[changed.state]]);
    }
    assert.deepEqual(announced, [
      ["UNSPECIFIED", "GIVEN"],
      ["RECOGNITION", "GIVEN"],
      ["RECOGNITION", "WITHDRAWN"],
      ["INSIGHTS", "GIVEN"],
    ]);
  });
});
