// Presence's side of the customer's rights, through consent's RPCs with every service its own
// process: a recognised customer present at a store finds the store in their export; after
// erasing, presence holds nothing about them (no whereabouts, no visitor entry), the store's
// display is told they left, and erasing again changes nothing.
import assert from "node:assert/strict";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConsentService } from "#gen/usual/consent/v1/consent_pb.js";
import { PresenceEventKind } from "#gen/usual/presence/v1/events_pb.js";
import { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats, streams } from "#libs/nats/src/index.js";
import { connectRedis, type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { grantRecognition } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { listenToStore, type PresenceListener, sleep } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch, sighting, type TestCustomer } from "../support/world.js";

type PresencePart = {
  lastRecognised: { at: string; brandId: string; storeId: string } | null;
  presentAt: { brandId: string; storeId: string; pseudonym: string; lastSeen: string | null }[];
};

describe("e2e - erasure and export (presence)", function () {
  this.timeout(60_000);
  let nats: NatsConnection;
  let redis: RedisClient;
  let presence: ReturnType<typeof createServiceClient<typeof PresenceService>>;
  let consent: ReturnType<typeof createServiceClient<typeof ConsentService>>;
  // Registered before withMesh, so these close before the servers stop.
  after(async () => {
    presence?.close();
    consent?.close();
    redis?.destroy();
    await nats?.close();
  });
  const running = withMesh(["identity", "consent", "presence"]);
  before(async () => {
    nats = await connectNats(running.infrastructure.nats.url, "presence-erasure-test");
    redis = await connectRedis(running.infrastructure.redis.url, "presence-erasure-test");
    presence = createServiceClient(PresenceService, running.mesh.addresses.presence);
    consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
  });

  /** Reports the customer's sightings until the store hears them arrive (identity fills the resolver table after a grant). */
  async function walkIn(customer: TestCustomer, storeId: string, credential: string, display: PresenceListener) {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const before = display.events.length;
      await presence.reportSightings(
        { batch: { storeId, sightings: [sighting(customer.rollingIdAt(Date.now()))] } },
        { bearer: credential },
      );
      try {
        const event = await display.next(before, 250);
        assert.equal(event.kind, PresenceEventKind.ARRIVED);
        return event.customerPseudonym;
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
      }
    }
    throw new Error(`${storeId} never heard the customer arrive`);
  }
  const presencePart = async (customer: TestCustomer) => {
    const document = JSON.parse((await consent.exportData({}, { bearer: customer.credential })).json);
    assert.ok(!document.unavailable.includes("presence"), "presence answered the export");
    return document.services.presence as PresencePart;
  };
  /** Waits until presence's erasure consumer has acknowledged everything published. */
  const erasuresApplied = async () => {
    const jsm = await jetstreamManager(nats);
    for (;;) {
      const info = await jsm.consumers.info(streams.customerErasures, "presence-customer-erasure");
      if (info.num_pending === 0 && info.num_ack_pending === 0) return;
      await sleep(50);
    }
  };
  const visitorsAt = (brandId: string, storeId: string) => redis.hGetAll(redisKeys.storeVisitors(brandId, storeId));

  it("presence - export shows the store a customer is at; erasure removes whereabouts and visit, announces LEFT, twice is harmless", async () => {
    const brand = await registerBrand(running.mesh, ["pike-place"]);
    const pike = brand.stores[0] as (typeof brand.stores)[0];
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const ana = await registerCustomerWithWatch(running.mesh.addresses.identity, "Ana");
    const display = listenToStore(nats, brand.brandId, pike.storeId);
    try {
      for (const customer of [jeff, ana]) await grantRecognition(consent, brand, customer);
      const jeffHere = await walkIn(jeff, pike.storeId, pike.credential, display);
      const anaHere = await walkIn(ana, pike.storeId, pike.credential, display);

      const part = await presencePart(jeff);
      assert.deepEqual(part.lastRecognised && { ...part.lastRecognised, at: "" }, {
        at: "",
        brandId: brand.brandId,
        storeId: pike.storeId,
      });
      assert.ok(Math.abs(Date.parse(part.lastRecognised?.at ?? "") - Date.now()) < 60_000, "recognised just now");
      assert.deepEqual(
        part.presentAt.map(({ lastSeen, ...visit }) => ({ ...visit, seen: lastSeen !== null })),
        [{ brandId: brand.brandId, storeId: pike.storeId, pseudonym: jeffHere, seen: true }],
      );
      assert.ok(!/latitude|longitude/i.test(JSON.stringify(part)), "the store, not its coordinates");

      const eventsBefore = display.events.length;
      await consent.eraseCustomer({}, { bearer: jeff.credential });
      const left = await display.next(eventsBefore, 10_000);
      assert.equal(left.kind, PresenceEventKind.LEFT);
      assert.equal(left.customerPseudonym, jeffHere);
      await erasuresApplied();

      assert.equal(await redis.get(redisKeys.customerWhereabouts(jeff.customerId)), null, "no whereabouts");
      assert.deepEqual(await visitorsAt(brand.brandId, pike.storeId), { [anaHere]: ana.customerId }, "only Ana is a visitor");
      assert.equal(await redis.zScore(redisKeys.storePresence(brand.brandId, pike.storeId), jeffHere), null);
      assert.deepEqual(await presencePart(jeff), { lastRecognised: null, presentAt: [] });
      // Ana is untouched.
      assert.notEqual(await redis.get(redisKeys.customerWhereabouts(ana.customerId)), null);
      assert.equal((await presencePart(ana)).presentAt[0]?.pseudonym, anaHere);

      await consent.eraseCustomer({}, { bearer: jeff.credential });
      await erasuresApplied();
      assert.deepEqual(await presencePart(jeff), { lastRecognised: null, presentAt: [] });
      assert.deepEqual(await visitorsAt(brand.brandId, pike.storeId), { [anaHere]: ana.customerId });
      assert.deepEqual(
        display.events.slice(eventsBefore + 1).map((event) => event.kind),
        [],
        "no second LEFT for Jeff",
      );
    } finally {
      display.close();
    }
  });
});
