// Redis and NATS restart under a running mesh: no consent is lost, recognition comes back on its
// own, and a revocation made after the restarts still holds.
import assert from "node:assert/strict";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConsentService, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats } from "#libs/nats/src/index.js";
import { connectRedis, redisKeys } from "#libs/redis/src/index.js";
import { grantRecognition } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { listenToStore, sleep } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch, sighting } from "../support/world.js";

describe("e2e - restarts of Redis and NATS", function () {
  this.timeout(90_000);
  const running = withMesh(["identity", "consent", "presence"]);
  let nats: NatsConnection;

  before(async () => {
    nats = await connectNats(running.infrastructure.nats.url, "resilience-test");
  });
  after(async () => {
    await nats?.close();
  });

  it("e2e - a customer's consent survives a Redis restart (projection rebuilt from the ledger) and a NATS restart", async () => {
    const presence = createServiceClient(PresenceService, running.mesh.addresses.presence);
    const consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    try {
      const { brandId, brandCredential, stores } = await registerBrand(running.mesh, ["harbour"]);
      const store = stores[0] as (typeof stores)[0];
      const lee = await registerCustomerWithWatch(running.mesh.addresses.identity, "Lee");
      await grantRecognition(consent, { brandId, brandCredential }, lee);
      const display = listenToStore(nats, brandId, store.storeId);

      const arriveWithin = async (ms: number) => {
        const before = display.events.length;
        const deadline = Date.now() + ms;
        while (Date.now() < deadline) {
          try {
            await presence.reportSightings(
              { batch: { storeId: store.storeId, sightings: [sighting(lee.rollingIdAt(Date.now()))] } },
              { bearer: store.credential, timeoutMs: 2_000 },
            );
            return await display.next(before, 300);
          } catch {
            await sleep(100);
          }
        }
        throw new Error(`no arrival within ${ms} ms`);
      };

      await arriveWithin(15_000);

      // Redis comes back empty (no persistence): visits, table and projection are all gone.
      await running.infrastructure.redis.restart();
      const afterRedis = await arriveWithin(20_000);
      assert.ok(afterRedis.customerPseudonym, "recognised again once consent and identity rebuilt Redis");

      await running.infrastructure.nats.restart();
      await nats.close();
      nats = await connectNats(running.infrastructure.nats.url, "resilience-test-2");
      display.close();
      const displayAfter = listenToStore(nats, brandId, store.storeId);
      // The ledger survived: revoking now appends to the same chain and takes effect at once.
      let revoked = false;
      for (let attempt = 0; attempt < 50 && !revoked; attempt++) {
        revoked = await consent
          .revokeConsent({ brandId, purpose: Purpose.RECOGNITION }, { bearer: lee.credential, timeoutMs: 3_000 })
          .then(() => true)
          .catch(() => sleep(200).then(() => false));
      }
      assert.ok(revoked, "consent answers again after NATS restarts");
      await running.infrastructure.redis.restart();
      await sleep(3_000);
      await presence.reportSightings(
        { batch: { storeId: store.storeId, sightings: [sighting(lee.rollingIdAt(Date.now()))] } },
        { bearer: store.credential },
      );
      await sleep(500);
      assert.deepEqual(displayAfter.events, [], "the revocation still holds after Redis lost everything again");
      const redis = await connectRedis(running.infrastructure.redis.url, "resilience-check");
      try {
        const recognition = await redis.hGet(redisKeys.consentProjection(lee.customerId, brandId), "recognition");
        assert.equal(recognition, "0", "the projection was rebuilt from the ledger, withdrawal included");
      } finally {
        redis.destroy();
      }
      displayAfter.close();
    } finally {
      presence.close();
      consent.close();
    }
  });
});
