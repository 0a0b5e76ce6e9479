// A brand rotates or revokes a store's credential (a stolen beacon hub): the old one stops
// working at identity and at the services that cached it; a brand rotates its own admin credential.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { type ServiceError, status } from "@grpc/grpc-js";
import type { NatsConnection } from "@nats-io/transport-node";
import { IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import { createCredentialVerifier } from "#libs/credentials/src/index.js";
import { UnauthenticatedError } from "#libs/errors/src/index.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats } from "#libs/nats/src/index.js";
import { withMesh } from "../support/mesh.js";
import { sleep } from "../support/presence-events.js";
import { registerBrand, sighting } from "../support/world.js";

function rejects(promise: Promise<unknown>, code: status, message: RegExp) {
  return assert.rejects(promise, (error: ServiceError) => {
    assert.equal(error.code, code, `expected ${status[code]}, got ${status[error.code]}: ${error.details}`);
    assert.match(error.details, message);
    return true;
  });
}

describe("e2e - store and brand credentials", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "presence"]);
  let nats: NatsConnection;
  let identity: ReturnType<typeof createServiceClient<typeof IdentityService>>;
  let presence: ReturnType<typeof createServiceClient<typeof PresenceService>>;
  let verifier: ReturnType<typeof createCredentialVerifier>;
  before(async () => {
    nats = await connectNats(running.infrastructure.nats.url, "store-credentials-test");
    identity = createServiceClient(IdentityService, running.mesh.addresses.identity);
    presence = createServiceClient(PresenceService, running.mesh.addresses.presence);
    verifier = createCredentialVerifier(nats, { cacheMs: 3_600_000, audience: "usual.presence" });
  });
  after(async () => {
    verifier?.close();
    identity?.close();
    presence?.close();
    await nats?.close();
  });

  /** A sighting of an ID nobody holds: accepted (and ignored) when the credential is good. */
  const report = (storeId: string, bearer: string) =>
    presence.reportSightings({ batch: { storeId, sightings: [sighting(randomBytes(16))] } }, { bearer });

  /** Presence caches credentials for 30 s; the revocation announcement empties its cache long before. */
  async function refusedByPresence(storeId: string, bearer: string): Promise<void> {
    for (;;) {
      try {
        await report(storeId, bearer);
      } catch (error) {
        assert.equal((error as ServiceError).code, status.UNAUTHENTICATED);
        return;
      }
      await sleep(50);
    }
  }

  it("store credentials - rotating gives a new credential; the old one stops working everywhere, even where cached", async () => {
    const brand = await registerBrand(running.mesh, ["pike-place"]);
    const old = brand.stores[0]?.credential ?? "";
    await report("pike-place", old);
    assert.equal((await verifier.verify(old)).kind, "store", "cached for an hour from here on");

    const rotated = await identity.rotateStoreCredential(
      { brandId: brand.brandId, storeId: "pike-place" },
      { bearer: brand.brandCredential },
    );
    assert.notEqual(rotated.storeCredential, old);
    await nats.flush();
    await assert.rejects(verifier.verify(old), UnauthenticatedError, "the announcement evicted it from the cache");
    assert.deepEqual(await verifier.verify(rotated.storeCredential), {
      kind: "store",
      brandId: brand.brandId,
      storeId: "pike-place",
      location: { latitude: 47.61, longitude: -122.34 },
    });
    await refusedByPresence("pike-place", old);
    await report("pike-place", rotated.storeCredential);
  });

  it("store credentials - revoking leaves the store without a credential until rotated", async () => {
    const brand = await registerBrand(running.mesh, ["pike-place"]);
    const old = brand.stores[0]?.credential ?? "";
    await report("pike-place", old);
    await identity.revokeStoreCredential({ brandId: brand.brandId, storeId: "pike-place" }, { bearer: brand.brandCredential });
    await refusedByPresence("pike-place", old);
    // Revoking twice is fine: there is nothing left to revoke.
    await identity.revokeStoreCredential({ brandId: brand.brandId, storeId: "pike-place" }, { bearer: brand.brandCredential });
    const fresh = await identity.rotateStoreCredential(
      { brandId: brand.brandId, storeId: "pike-place" },
      { bearer: brand.brandCredential },
    );
    await report("pike-place", fresh.storeCredential);
  });

  it("store credentials - another brand, a store or an unknown store: PERMISSION_DENIED or NOT_FOUND", async () => {
    const ours = await registerBrand(running.mesh, ["pike-place"]);
    const theirs = await registerBrand(running.mesh, ["pike-place"]);
    const request = { brandId: ours.brandId, storeId: "pike-place" };
    await rejects(
      identity.revokeStoreCredential(request, { bearer: theirs.brandCredential }),
      status.PERMISSION_DENIED,
      /only brand/,
    );
    await rejects(
      identity.revokeStoreCredential(request, { bearer: ours.stores[0]?.credential ?? "" }),
      status.PERMISSION_DENIED,
      /only brand/,
    );
    await rejects(identity.revokeStoreCredential(request), status.UNAUTHENTICATED, /missing credential/);
    await rejects(
      identity.rotateStoreCredential({ brandId: ours.brandId, storeId: "nowhere" }, { bearer: ours.brandCredential }),
      status.NOT_FOUND,
      /has no store nowhere/,
    );
    await rejects(
      identity.rotateStoreCredential({ brandId: "Bad Id", storeId: "pike-place" }, { bearer: ours.brandCredential }),
      status.INVALID_ARGUMENT,
      /brand_id/,
    );
    await report("pike-place", ours.stores[0]?.credential ?? "");
  });

  it("brand credentials - a brand rotates its admin credential; the operator can too; the old one stops working", async () => {
    const brand = await registerBrand(running.mesh, []);
    const rotated = await identity.rotateBrandCredential({ brandId: brand.brandId }, { bearer: brand.brandCredential });
    await rejects(
      identity.registerStore(
        { brandId: brand.brandId, storeId: "new-store", displayName: "New", location: { latitude: 1, longitude: 1 } },
        { bearer: brand.brandCredential },
      ),
      status.UNAUTHENTICATED,
      /not valid/,
    );
    const reset = await identity.rotateBrandCredential({ brandId: brand.brandId }, { bearer: running.mesh.operatorCredential });
    await rejects(
      identity.rotateBrandCredential({ brandId: brand.brandId }, { bearer: rotated.brandCredential }),
      status.UNAUTHENTICATED,
      /not valid/,
    );
    await identity.registerStore(
      { brandId: brand.brandId, storeId: "new-store", displayName: "New", location: { latitude: 1, longitude: 1 } },
      { bearer: reset.brandCredential },
    );
    await rejects(
      identity.rotateBrandCredential({ brandId: "no-such-brand" }, { bearer: running.mesh.operatorCredential }),
      status.NOT_FOUND,
      /no brand no-such-brand/,
    );
  });
});
