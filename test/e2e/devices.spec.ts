// A customer loses their watch: unpairing it takes its rolling IDs out of the resolver table and
// kills its credential before the call returns.
import assert from "node:assert/strict";
import { type ServiceError, status } from "@grpc/grpc-js";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConsentService } from "#gen/usual/consent/v1/consent_pb.js";
import { DeviceKind, IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats } from "#libs/nats/src/index.js";
import { connectRedis, redisKeys } from "#libs/redis/src/index.js";
import { grantRecognition } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { listenToStore, sleep } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch, sighting } from "../support/world.js";

describe("e2e - devices", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "consent", "presence"]);
  let nats: NatsConnection;
  before(async () => {
    nats = await connectNats(running.infrastructure.nats.url, "devices-test");
  });
  after(async () => {
    await nats?.close();
  });

  it("e2e - a lost watch is unpaired: its IDs leave the table at once, its credential and key refresh stop working", async () => {
    const identity = createServiceClient(IdentityService, running.mesh.addresses.identity);
    const consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    const presence = createServiceClient(PresenceService, running.mesh.addresses.presence);
    const redis = await connectRedis(running.infrastructure.redis.url, "devices-test");
    try {
      const { brandId, brandCredential, stores } = await registerBrand(running.mesh, ["pike-place", "capitol-hill"]);
      const [pike, capitol] = stores as [(typeof stores)[0], (typeof stores)[0]];
      const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
      await grantRecognition(consent, { brandId, brandCredential }, jeff);

      const listed = await identity.listDevices({}, { bearer: jeff.credential });
      assert.deepEqual(
        listed.devices.map((device) => [device.deviceId, device.kind, device.model]),
        [[jeff.deviceId, DeviceKind.WATCH, "Test Watch"]],
      );
      const refreshed = await identity.refreshKeyBundle({}, { bearer: jeff.deviceCredential });
      assert.deepEqual(
        refreshed.keyBundle?.dailyKeys.map((key) => Buffer.from(key.key).toString("hex")),
        jeff.keyBundle.dailyKeys.map((key) => Buffer.from(key.key).toString("hex")),
        "the same day gives the same keys",
      );

      const pikeDisplay = listenToStore(nats, brandId, pike.storeId);
      const tableEntry = () => {
        const now = Date.now();
        const rid = jeff.rollingIdAt(now);
        return redis.hGet(redisKeys.rollingIdShard(Math.floor(now / 86_400_000), rid), rid);
      };
      for (let attempt = 0; attempt < 100 && pikeDisplay.events.length === 0; attempt++) {
        await presence.reportSightings(
          { batch: { storeId: pike.storeId, sightings: [sighting(jeff.rollingIdAt(Date.now()))] } },
          { bearer: pike.credential },
        );
        await sleep(100);
      }
      assert.equal(pikeDisplay.events.length, 1, "the watch is recognised while paired");
      assert.equal(
        await tableEntry(),
        `${Math.floor(Date.now() / 600_000)}:${jeff.customerId}`,
        "the table maps the current rolling ID to Jeff",
      );

      await identity.unpairDevice({ deviceId: jeff.deviceId }, { bearer: jeff.credential });
      assert.equal(await tableEntry(), null, "the rolling ID left the resolver table before unpair returned");
      const capitolDisplay = listenToStore(nats, brandId, capitol.storeId);
      await presence.reportSightings(
        { batch: { storeId: capitol.storeId, sightings: [sighting(jeff.rollingIdAt(Date.now()))] } },
        { bearer: capitol.credential },
      );
      await sleep(300);
      assert.deepEqual(capitolDisplay.events, [], "whoever holds the watch now is not recognised");
      await assert.rejects(
        identity.refreshKeyBundle({}, { bearer: jeff.deviceCredential }),
        (error: ServiceError) => error.code === status.UNAUTHENTICATED,
      );
      assert.deepEqual((await identity.listDevices({}, { bearer: jeff.credential })).devices, []);
      await assert.rejects(
        identity.unpairDevice({ deviceId: jeff.deviceId }, { bearer: jeff.credential }),
        (error: ServiceError) => error.code === status.NOT_FOUND,
      );
      pikeDisplay.close();
      capitolDisplay.close();
    } finally {
      redis.destroy();
      identity.close();
      consent.close();
      presence.close();
    }
  });

  it("e2e - a customer cannot unpair someone else's device, nor a store refresh a key bundle", async () => {
    const identity = createServiceClient(IdentityService, running.mesh.addresses.identity);
    try {
      const owner = await registerCustomerWithWatch(running.mesh.addresses.identity, "Owner");
      const other = await registerCustomerWithWatch(running.mesh.addresses.identity, "Other");
      await assert.rejects(
        identity.unpairDevice({ deviceId: owner.deviceId }, { bearer: other.credential }),
        (error: ServiceError) => error.code === status.NOT_FOUND,
      );
      await assert.rejects(
        identity.refreshKeyBundle({}, { bearer: owner.credential }),
        (error: ServiceError) => error.code === status.PERMISSION_DENIED,
      );
      assert.equal(
        (await identity.listDevices({}, { bearer: owner.credential })).devices.length,
        1,
        "the owner's watch is still paired",
      );
    } finally {
      identity.close();
    }
  });
});
