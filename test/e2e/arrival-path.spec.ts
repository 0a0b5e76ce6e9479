// The thinnest real version of the product path, every service its own process: a wearable's
// rolling ID heard by a store beacon becomes "arrived" at that store, and stops doing so the
// moment the customer revokes.
import assert from "node:assert/strict";
import type { ServiceError } from "@grpc/grpc-js";
import { status } from "@grpc/grpc-js";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConsentService, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { PresenceEventKind } from "#gen/usual/presence/v1/events_pb.js";
import { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats } from "#libs/nats/src/index.js";
import { grantRecognition } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { listenToStore, sleep } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch, sighting, type TestCustomer } from "../support/world.js";

describe("e2e - arrival path", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "consent", "presence"], { logLevel: "debug" });
  /** Everything that must never appear in a log line, collected as the tests make it. */
  const secrets: string[] = [];
  let nats: NatsConnection;
  let presence: ReturnType<typeof createServiceClient<typeof PresenceService>>;
  let consent: ReturnType<typeof createServiceClient<typeof ConsentService>>;

  before(async () => {
    nats = await connectNats(running.infrastructure.nats.url, "e2e-test");
    presence = createServiceClient(PresenceService, running.mesh.addresses.presence);
    consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
  });
  after(async () => {
    presence?.close();
    consent?.close();
    await nats?.close();
  });

  /** Streams sightings until the store hears an arrival; the resolver table fills asynchronously after a grant. */
  async function walkIn(customer: TestCustomer, storeId: string, credential: string, listener: ReturnType<typeof listenToStore>) {
    const before = listener.events.length;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      await presence.reportSightings(
        { batch: { storeId, sightings: [sighting(customer.rollingIdAt(Date.now()))] } },
        { bearer: credential },
      );
      try {
        return await listener.next(before, 250);
      } catch {
        // not recognised yet: identity is still writing the rolling IDs
      }
    }
    throw new Error(`${storeId} never heard the customer arrive`);
  }

  it("e2e - a consenting wearable arrives once under its brand pseudonym, and not after revoking", async () => {
    const { brandId, brandCredential, stores } = await registerBrand(running.mesh, ["pike-place", "capitol-hill"]);
    const [pike, capitol] = stores as [(typeof stores)[0], (typeof stores)[0]];
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const ana = await registerCustomerWithWatch(running.mesh.addresses.identity, "Ana");
    const pikeDisplay = listenToStore(nats, brandId, pike.storeId);
    const capitolDisplay = listenToStore(nats, brandId, capitol.storeId);
    for (const customer of [jeff, ana]) {
      await grantRecognition(consent, { brandId, brandCredential }, customer);
    }

    for (const customer of [jeff, ana]) {
      const rid = customer.rollingIdAt(Date.now());
      secrets.push(
        customer.credential,
        // An access token's signature alone would let nobody forge it, but it must not leak either.
        customer.credential.split(".")[2] ?? customer.credential,
        customer.signInCredential,
        customer.refreshToken,
        customer.deviceCredential,
        customer.customerId,
        rid.toString("hex"),
        rid.toString("base64url"),
        rid.toString("base64"),
      );
      for (const { key } of customer.keyBundle.dailyKeys)
        secrets.push(Buffer.from(key).toString("hex"), Buffer.from(key).toString("base64"));
    }
    secrets.push(...stores.map((store) => store.credential), "Jeff", "Ana");
    const arrival = await walkIn(jeff, pike.storeId, pike.credential, pikeDisplay);
    assert.equal(arrival.kind, PresenceEventKind.ARRIVED);
    assert.equal(arrival.brandId, brandId);
    assert.equal(arrival.storeId, pike.storeId);
    assert.match(arrival.customerPseudonym, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(!arrival.customerPseudonym.includes(jeff.customerId), "the brand must see a pseudonym, not the customer id");

    // Several beacons keep hearing Jeff: still one arrival for this visit.
    const stream = presence.streamSightings({ bearer: pike.credential });
    const rid = jeff.rollingIdAt(Date.now());
    await stream.send({
      batchId: 1n,
      batch: { storeId: pike.storeId, sightings: [sighting(rid, "door"), sighting(rid, "counter")] },
    });
    await stream.send({ batchId: 2n, batch: { storeId: pike.storeId, sightings: [sighting(rid, "till")] } });
    stream.end();
    const acks = [];
    for await (const response of stream.responses) acks.push(response);
    assert.deepEqual(
      acks.map((ack) => [ack.batchId, ack.outcome.case]),
      [
        [1n, "accepted"],
        [2n, "accepted"],
      ],
    );
    await sleep(300);
    assert.equal(pikeDisplay.events.length, 1, "one visit, one arrival");

    // Ana is recognised too (at pike-place), so both are in the resolver table before Jeff revokes.
    const anaAtPike = await walkIn(ana, pike.storeId, pike.credential, pikeDisplay);
    await consent.revokeConsent({ brandId, purpose: Purpose.RECOGNITION }, { bearer: jeff.credential });
    // Right after the revoke returns, Jeff walks into the other store beside Ana, who still consents.
    await presence.reportSightings(
      {
        batch: {
          storeId: capitol.storeId,
          sightings: [sighting(jeff.rollingIdAt(Date.now())), sighting(ana.rollingIdAt(Date.now()))],
        },
      },
      { bearer: capitol.credential },
    );
    const anaArrival = await capitolDisplay.next(0, 5_000);
    await sleep(300);
    const pseudonyms = capitolDisplay.events.map((event) => event.customerPseudonym);
    assert.deepEqual(pseudonyms, [anaArrival.customerPseudonym], "only Ana arrives; Jeff revoked and is not recognised");
    assert.equal(anaArrival.customerPseudonym, anaAtPike.customerPseudonym, "one brand sees one pseudonym per customer");
    assert.notEqual(anaArrival.customerPseudonym, arrival.customerPseudonym);
    const verified = await consent.verifyLedger({}, { bearer: jeff.credential });
    assert.deepEqual(
      [verified.intact, verified.entriesChecked],
      [true, 3],
      "Jeff's programme opt-in, grant and revoke form an intact chain",
    );
    pikeDisplay.close();
    capitolDisplay.close();
  });

  describe("e2e - malformed sightings", () => {
    let store: { storeId: string; credential: string };
    before(async () => {
      const brand = await registerBrand(running.mesh, ["pike-place"]);
      store = brand.stores[0] as typeof store;
    });

    const rejects = async (call: Promise<unknown>, code: status, message: RegExp) => {
      await assert.rejects(call, (error: ServiceError) => {
        assert.equal(error.code, code, `expected ${status[code]}, got ${status[error.code]}: ${error.details}`);
        assert.match(error.details, message);
        return true;
      });
    };

    it("e2e - an empty rolling ID is INVALID_ARGUMENT naming the field", async () => {
      await rejects(
        presence.reportSightings(
          { batch: { storeId: store.storeId, sightings: [sighting(new Uint8Array(0))] } },
          { bearer: store.credential },
        ),
        status.INVALID_ARGUMENT,
        /batch\.sightings\[0\]\.rolling_id: must be 16 bytes/,
      );
    });

    it("e2e - a 15-byte rolling ID is INVALID_ARGUMENT naming the field", async () => {
      await rejects(
        presence.reportSightings(
          { batch: { storeId: store.storeId, sightings: [sighting(new Uint8Array(15))] } },
          { bearer: store.credential },
        ),
        status.INVALID_ARGUMENT,
        /batch\.sightings\[0\]\.rolling_id: must be 16 bytes/,
      );
    });

    it("e2e - sightings for a store that is not the credential's are PERMISSION_DENIED", async () => {
      await rejects(
        presence.reportSightings(
          { batch: { storeId: "some-other-store", sightings: [sighting(new Uint8Array(16))] } },
          { bearer: store.credential },
        ),
        status.PERMISSION_DENIED,
        /not some-other-store/,
      );
    });

    it("e2e - a missing credential is UNAUTHENTICATED and a made-up one too", async () => {
      const batch = { storeId: store.storeId, sightings: [sighting(new Uint8Array(16))] };
      await rejects(presence.reportSightings({ batch }), status.UNAUTHENTICATED, /missing credential/);
      await rejects(presence.reportSightings({ batch }, { bearer: "not-a-credential" }), status.UNAUTHENTICATED, /not valid/);
    });

    it("e2e - a malformed batch on the stream is rejected with its fields and the stream takes the next batch", async () => {
      const stream = presence.streamSightings({ bearer: store.credential });
      await stream.send({ batchId: 7n, batch: { storeId: store.storeId, sightings: [sighting(new Uint8Array(15), "")] } });
      await stream.send({ batchId: 8n, batch: { storeId: store.storeId, sightings: [sighting(new Uint8Array(16))] } });
      stream.end();
      const responses = [];
      for await (const response of stream.responses) responses.push(response);
      assert.equal(responses.length, 2);
      const [rejected, accepted] = responses;
      assert.equal(rejected?.outcome.case, "rejected");
      if (rejected?.outcome.case === "rejected") {
        assert.equal(rejected.outcome.value.code, status.INVALID_ARGUMENT);
        assert.deepEqual(rejected.outcome.value.fieldViolations.map((violation) => violation.field).sort(), [
          "batch.sightings[0].beacon_id",
          "batch.sightings[0].rolling_id",
        ]);
      }
      assert.equal(accepted?.batchId, 8n);
      assert.equal(accepted?.outcome.case, "accepted");
    });

    it("e2e - only the platform operator registers brands", async () => {
      const identity = createServiceClient(IdentityService, running.mesh.addresses.identity);
      try {
        await rejects(
          identity.registerBrand({ brandId: "squatter", displayName: "Squatter" }),
          status.UNAUTHENTICATED,
          /missing credential/,
        );
        await rejects(
          identity.registerBrand({ brandId: "squatter", displayName: "Squatter" }, { bearer: store.credential }),
          status.PERMISSION_DENIED,
          /operator/,
        );
      } finally {
        identity.close();
      }
    });

    it("e2e - a consent change without a customer credential is UNAUTHENTICATED, for an unknown brand INVALID_ARGUMENT", async () => {
      await rejects(
        consent.grantConsent({ brandId: "northwind", purpose: Purpose.RECOGNITION, noticeVersion: 1 }),
        status.UNAUTHENTICATED,
        /missing credential/,
      );
      const customer = await registerCustomerWithWatch(running.mesh.addresses.identity, "Zoe");
      await rejects(
        consent.grantConsent(
          { brandId: "no-such-brand", purpose: Purpose.RECOGNITION, noticeVersion: 1 },
          { bearer: customer.credential },
        ),
        status.INVALID_ARGUMENT,
        /brand_id: no brand "no-such-brand" is registered/,
      );
      await rejects(
        consent.grantConsent({ brandId: "no-such-brand", purpose: Purpose.UNSPECIFIED }, { bearer: customer.credential }),
        status.INVALID_ARGUMENT,
        /purpose/,
      );
    });
  });

  it("e2e - no log line of any service carries a credential, key, rolling ID, name or customer id", () => {
    assert.ok(secrets.length > 10, "the arrival test ran first and collected what to look for");
    for (const service of ["identity", "consent", "presence"] as const) {
      const lines = running.mesh.logs(service);
      assert.ok(lines.length > 0, `${service} logged something`);
      for (const line of lines) {
        for (const secret of secrets)
          assert.ok(!line.includes(secret), `${service} logged personal or secret data: ${line.slice(0, 120)}`);
      }
    }
  });
});
