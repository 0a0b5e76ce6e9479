// Sign-in, token refresh and pairing are limited per credential, per sign-in and per customer:
// over the limit is RESOURCE_EXHAUSTED with when to try again, and nobody else is affected.
import assert from "node:assert/strict";
import { type ServiceError, status } from "@grpc/grpc-js";
import { DeviceKind, IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { withMesh } from "../support/mesh.js";
import { registerCustomerWithWatch } from "../support/world.js";

function exhausted(promise: Promise<unknown>, what: RegExp) {
  return assert.rejects(promise, (error: ServiceError) => {
    assert.equal(error.code, status.RESOURCE_EXHAUSTED, error.details);
    assert.match(error.details, what);
    const retryAfter = Number(error.metadata.get("retry-after")[0]);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter} lies within the window`);
    assert.match(error.details, new RegExp(`retry in ${retryAfter} s`));
    assert.ok(error.metadata.get("grpc-status-details-bin").length === 1, "RetryInfo is in the status details");
    return true;
  });
}

describe("e2e - rate limits", function () {
  this.timeout(60_000);
  const running = withMesh(["identity"], {
    extraEnv: {
      IDENTITY_RATE_LIMIT_SIGN_IN: "3/60",
      IDENTITY_RATE_LIMIT_REFRESH: "2/60",
      IDENTITY_RATE_LIMIT_PAIRING: "2/60",
    },
  });
  let identity: ReturnType<typeof createServiceClient<typeof IdentityService>>;
  before(() => {
    identity = createServiceClient(IdentityService, running.mesh.addresses.identity);
  });
  after(() => identity?.close());

  it("rate limits - the fourth sign-in in a minute with one credential is refused; another customer signs in", async () => {
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const ana = await registerCustomerWithWatch(running.mesh.addresses.identity, "Ana");
    for (let attempt = 0; attempt < 3; attempt++) await identity.signIn({}, { bearer: jeff.signInCredential });
    await exhausted(
      identity.signIn({}, { bearer: jeff.signInCredential }),
      /too many sign-in attempts for this credential: at most 3 per 60 s/,
    );
    assert.ok((await identity.signIn({}, { bearer: ana.signInCredential })).tokens?.accessToken);
    // A made-up credential is limited too, before it is looked up.
    for (let attempt = 0; attempt < 3; attempt++) {
      await assert.rejects(
        identity.signIn({}, { bearer: "made-up" }),
        (error: ServiceError) => error.code === status.UNAUTHENTICATED,
      );
    }
    await exhausted(identity.signIn({}, { bearer: "made-up" }), /sign-in attempts/);
  });

  it("rate limits - refreshes are counted per sign-in", async () => {
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const first = await identity.refreshTokens({ refreshToken: jeff.refreshToken });
    const second = await identity.refreshTokens({ refreshToken: first.tokens?.refreshToken ?? "" });
    await exhausted(
      identity.refreshTokens({ refreshToken: second.tokens?.refreshToken ?? "" }),
      /token refreshes for this session/,
    );
    const other = await identity.signIn({}, { bearer: jeff.signInCredential });
    assert.ok(
      (await identity.refreshTokens({ refreshToken: other.tokens?.refreshToken ?? "" })).tokens,
      "another sign-in refreshes",
    );
  });

  it("rate limits - a customer pairs at most two devices a minute (the first came with registering)", async () => {
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    await identity.pairDevice({ kind: DeviceKind.BAND }, { bearer: jeff.credential });
    await exhausted(identity.pairDevice({ kind: DeviceKind.PHONE }, { bearer: jeff.credential }), /pairings for this customer/);
    assert.equal(
      (await identity.listDevices({}, { bearer: jeff.credential })).devices.length,
      2,
      "the refused pairing left nothing",
    );
  });
});
