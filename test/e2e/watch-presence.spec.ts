// A store system without NATS follows its store over gRPC: who is here now, then arrivals and
// departures as they happen.
import assert from "node:assert/strict";
import { type ServiceError, status } from "@grpc/grpc-js";
import { ConsentService } from "#gen/usual/consent/v1/consent_pb.js";
import { type PresenceEvent, PresenceEventKind } from "#gen/usual/presence/v1/events_pb.js";
import { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { grantRecognition } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { sleep } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch, sighting } from "../support/world.js";

const ABSENCE_MS = 1_500;

describe("e2e - watching a store's presence over gRPC", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "consent", "presence"], { extraEnv: { PRESENCE_VISIT_ABSENCE_MS: String(ABSENCE_MS) } });

  it("e2e - starts with who is present, then streams arrivals and departures; another store's credential is refused", async () => {
    const presence = createServiceClient(PresenceService, running.mesh.addresses.presence);
    const consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    const { brandId, brandCredential, stores } = await registerBrand(running.mesh, ["pike-place", "capitol-hill"]);
    const [pike, capitol] = stores as [(typeof stores)[0], (typeof stores)[0]];
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const ana = await registerCustomerWithWatch(running.mesh.addresses.identity, "Ana");
    for (const customer of [jeff, ana]) {
      await grantRecognition(consent, { brandId, brandCredential }, customer);
    }
    const report = (rollingId: Buffer) =>
      presence.reportSightings(
        { batch: { storeId: pike.storeId, sightings: [sighting(rollingId)] } },
        { bearer: pike.credential },
      );
    const controller = new AbortController();
    try {
      // Keep Jeff in the store until a first watcher sees him (the resolver table fills asynchronously).
      let jeffPresent = false;
      for (let attempt = 0; attempt < 60 && !jeffPresent; attempt++) {
        await report(jeff.rollingIdAt(Date.now()));
        const probe = new AbortController();
        const snapshot: PresenceEvent[] = [];
        const reading = (async () => {
          for await (const response of presence.watchPresence(
            { storeId: pike.storeId },
            { bearer: pike.credential, signal: probe.signal },
          )) {
            if (response.event) snapshot.push(response.event);
          }
        })().catch(() => {});
        await sleep(150);
        probe.abort();
        await reading;
        jeffPresent = snapshot.some((event) => event.kind === PresenceEventKind.PRESENT);
      }
      assert.ok(jeffPresent, "Jeff shows as present in the snapshot");

      const events: PresenceEvent[] = [];
      const watching = (async () => {
        for await (const response of presence.watchPresence(
          { storeId: pike.storeId },
          { bearer: pike.credential, signal: controller.signal },
        )) {
          if (response.event) events.push(response.event);
        }
      })().catch(() => {});
      // Ana walks in and stays; Jeff is not seen again and leaves after the absence timeout.
      const until = Date.now() + ABSENCE_MS * 3;
      while (Date.now() < until) {
        await report(ana.rollingIdAt(Date.now()));
        await sleep(200);
      }
      controller.abort();
      await watching;
      const kinds = events.map((event) => PresenceEventKind[event.kind]);
      assert.equal(kinds[0], "PRESENT", `the watch opens with the snapshot: ${kinds.join(",")}`);
      const jeffPseudonym = events[0]?.customerPseudonym;
      const arrived = events.filter((event) => event.kind === PresenceEventKind.ARRIVED);
      const left = events.filter((event) => event.kind === PresenceEventKind.LEFT);
      assert.equal(arrived.length, 1, "Ana arrives once");
      assert.notEqual(arrived[0]?.customerPseudonym, jeffPseudonym);
      assert.deepEqual(
        left.map((event) => event.customerPseudonym),
        [jeffPseudonym],
        "Jeff leaves; Ana, still seen, does not",
      );

      await assert.rejects(
        (async () => {
          for await (const _ of presence.watchPresence({ storeId: pike.storeId }, { bearer: capitol.credential })) break;
        })(),
        (error: ServiceError) => error.code === status.PERMISSION_DENIED,
      );
    } finally {
      controller.abort();
      presence.close();
      consent.close();
    }
  });
});
