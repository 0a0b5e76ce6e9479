// Customers sign in with the credential their app holds and get short-lived access tokens that
// every service verifies on its own, and rotating refresh tokens whose reuse revokes the family.
import assert from "node:assert/strict";
import { type ServiceError, status } from "@grpc/grpc-js";
import type { NatsConnection } from "@nats-io/transport-node";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { DeviceKind, IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { createCredentialVerifier } from "#libs/credentials/src/index.js";
import { UnauthenticatedError } from "#libs/errors/src/index.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats } from "#libs/nats/src/index.js";
import { withMesh } from "../support/mesh.js";
import { accessClaims, forgeToken, knownTokenKeys } from "../support/tokens.js";
import { registerBrand, registerCustomerWithWatch } from "../support/world.js";

const keys = knownTokenKeys();

function rejects(promise: Promise<unknown>, code: status, message: RegExp) {
  return assert.rejects(promise, (error: ServiceError) => {
    assert.equal(error.code, code, `expected ${status[code]}, got ${status[error.code]}: ${error.details}`);
    assert.match(error.details, message);
    return true;
  });
}

describe("e2e - tokens", function () {
  this.timeout(60_000);
  const running = withMesh(["identity"], {
    extraEnv: { IDENTITY_TOKEN_KEYS: keys.env, IDENTITY_TOKEN_ACTIVE_KID: "active" },
  });
  let nats: NatsConnection;
  let identity: ReturnType<typeof createServiceClient<typeof IdentityService>>;
  let consentSide: ReturnType<typeof createCredentialVerifier>;
  let presenceSide: ReturnType<typeof createCredentialVerifier>;
  before(async () => {
    nats = await connectNats(running.infrastructure.nats.url, "tokens-test");
    identity = createServiceClient(IdentityService, running.mesh.addresses.identity);
    consentSide = createCredentialVerifier(nats, { cacheMs: 60_000, audience: "usual.consent" });
    presenceSide = createCredentialVerifier(nats, { cacheMs: 60_000, audience: "usual.presence" });
  });
  after(async () => {
    consentSide?.close();
    presenceSide?.close();
    identity?.close();
    await nats?.close();
  });

  it("tokens - signing in with the app's credential gives an EdDSA access token that identity and other services accept", async () => {
    const registered = await identity.registerCustomer({ displayName: "Jeff" });
    const signedIn = await identity.signIn(
      { audiences: ["usual.identity", "usual.consent"] },
      { bearer: registered.customerCredential },
    );
    assert.equal(signedIn.customerId, registered.customerId);
    const token = signedIn.tokens?.accessToken ?? "";
    assert.deepEqual(decodeProtectedHeader(token), { alg: "EdDSA", kid: "active", typ: "at+jwt" });
    const claims = decodeJwt(token);
    assert.equal(claims.sub, registered.customerId);
    assert.equal(claims.iss, "usual.identity");
    assert.deepEqual(claims.aud, ["usual.identity", "usual.consent"]);
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 600, "ten minutes");

    assert.deepEqual((await identity.listDevices({}, { bearer: token })).devices, [], "identity accepts it");
    assert.deepEqual(await consentSide.verify(token), { kind: "customer", customerId: registered.customerId });
    await assert.rejects(presenceSide.verify(token), (error: Error) => {
      assert.ok(error instanceof UnauthenticatedError);
      assert.match(error.message, /not for this service \(aud\)/);
      return true;
    });
    // Registering already signs in, for every service.
    assert.deepEqual(decodeJwt(registered.tokens?.accessToken ?? "").aud, [
      "usual.identity",
      "usual.consent",
      "usual.presence",
      "usual.recommendations",
      "usual.notifications",
      "usual.gateway",
    ]);
  });

  it("tokens - the JWKS names every configured key, so tokens of the retired key still verify", async () => {
    const jwks = await identity.getJwks({});
    assert.equal(jwks.issuer, "usual.identity");
    assert.deepEqual(
      jwks.keys.map((key) => [key.kid, key.kty, key.crv, key.alg, key.x]),
      [
        ["retired", "OKP", "Ed25519", "EdDSA", keys.retired.publicJwk.x],
        ["active", "OKP", "Ed25519", "EdDSA", keys.active.publicJwk.x],
      ],
    );
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const old = await forgeToken({ key: keys.retired, claims: accessClaims(jeff.customerId) });
    assert.equal((await identity.listDevices({}, { bearer: old })).devices.length, 1);
    assert.deepEqual(await consentSide.verify(old), { kind: "customer", customerId: jeff.customerId });
  });

  it("tokens - a wrong, expired, tampered or foreign token is UNAUTHENTICATED, at identity and at other services", async () => {
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const [header, payload, signature] = jeff.credential.split(".") as [string, string, string];
    const otherPayload = Buffer.from(JSON.stringify({ ...decodeJwt(jeff.credential), sub: "someone-else" })).toString(
      "base64url",
    );
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BA" : "AA"}`;
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string, RegExp][] = [
      ["expired", await forgeToken({ key: keys.active, claims: accessClaims(jeff.customerId, { exp: now - 60 }) }), /expired/],
      ["tampered claims", `${header}.${otherPayload}.${signature}`, /signature/],
      ["tampered signature", `${header}.${payload}.${flipped}`, /signature/],
      ["unknown key", await forgeToken({ key: keys.stranger, claims: accessClaims(jeff.customerId) }), /unknown key/],
      [
        "stranger's key under a known kid",
        await forgeToken({ key: keys.stranger, kid: "active", claims: accessClaims(jeff.customerId) }),
        /signature/,
      ],
      ["another issuer", await forgeToken({ key: keys.active, claims: accessClaims(jeff.customerId, { iss: "evil" }) }), /iss/],
      ["not an access token", await forgeToken({ key: keys.active, typ: "JWT", claims: accessClaims(jeff.customerId) }), /typ/],
      [
        "for other services only",
        await forgeToken({ key: keys.active, claims: accessClaims(jeff.customerId, { aud: ["usual.gateway"] }) }),
        /aud/,
      ],
      ["garbage", "a.b.c", /malformed/],
      ["unknown opaque credential", "not-a-credential", /not valid/],
    ];
    for (const [what, bearer, message] of cases) {
      await rejects(identity.listDevices({}, { bearer }), status.UNAUTHENTICATED, message).catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
      if (what === "for other services only") continue;
      await assert.rejects(consentSide.verify(bearer), UnauthenticatedError, `${what} at another service`);
    }
    await rejects(identity.listDevices({}), status.UNAUTHENTICATED, /missing credential/);
  });

  it("tokens - a valid bearer of the wrong kind, customer or brand is PERMISSION_DENIED", async () => {
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const ours = await registerBrand(running.mesh, ["pike-place"]);
    const theirs = await registerBrand(running.mesh, ["rival-street"]);
    const store = ours.stores[0]?.credential ?? "";
    await rejects(identity.listDevices({}, { bearer: jeff.signInCredential }), status.PERMISSION_DENIED, /only signs in/);
    await rejects(
      identity.listDevices({}, { bearer: jeff.deviceCredential }),
      status.PERMISSION_DENIED,
      /customer's access token/,
    );
    await rejects(
      identity.pairDevice({ kind: DeviceKind.BAND }, { bearer: store }),
      status.PERMISSION_DENIED,
      /customer's access token/,
    );
    await rejects(identity.refreshKeyBundle({}, { bearer: jeff.credential }), status.PERMISSION_DENIED, /device credential/);
    await rejects(identity.signIn({}, { bearer: ours.brandCredential }), status.PERMISSION_DENIED, /only a customer credential/);
    for (const bearer of [jeff.credential, store, theirs.brandCredential]) {
      await rejects(
        identity.rotateStoreCredential({ brandId: ours.brandId, storeId: "pike-place" }, { bearer }),
        status.PERMISSION_DENIED,
        new RegExp(`only brand ${ours.brandId}'s credential`),
      );
    }
    // Another customer's device is not found, not forbidden: its existence is not revealed.
    const other = await registerCustomerWithWatch(running.mesh.addresses.identity, "Other");
    await rejects(
      identity.unpairDevice({ deviceId: other.deviceId }, { bearer: jeff.credential }),
      status.NOT_FOUND,
      /no device/,
    );
  });

  it("tokens - a refresh token is spent once; spending it again revokes every token of that sign-in", async () => {
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const first = await identity.refreshTokens({ refreshToken: jeff.refreshToken });
    const second = await identity.refreshTokens({ refreshToken: first.tokens?.refreshToken ?? "" });
    assert.notEqual(second.tokens?.refreshToken, first.tokens?.refreshToken);
    assert.equal((await identity.listDevices({}, { bearer: second.tokens?.accessToken ?? "" })).devices.length, 1);

    await rejects(identity.refreshTokens({ refreshToken: jeff.refreshToken }), status.UNAUTHENTICATED, /already used/);
    await rejects(
      identity.refreshTokens({ refreshToken: second.tokens?.refreshToken ?? "" }),
      status.UNAUTHENTICATED,
      /sign in again/,
    );
    // Signing in again starts a new family that works.
    const again = await identity.signIn({}, { bearer: jeff.signInCredential });
    assert.ok((await identity.refreshTokens({ refreshToken: again.tokens?.refreshToken ?? "" })).tokens?.accessToken);
  });

  it("tokens - signing out ends the refresh family; malformed refresh tokens are refused", async () => {
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    await identity.signOut({ refreshToken: jeff.refreshToken });
    await rejects(identity.refreshTokens({ refreshToken: jeff.refreshToken }), status.UNAUTHENTICATED, /not valid/);
    await rejects(identity.refreshTokens({ refreshToken: "nonsense" }), status.UNAUTHENTICATED, /not valid/);
    await rejects(identity.refreshTokens({ refreshToken: "" }), status.INVALID_ARGUMENT, /refresh_token/);
    await rejects(
      identity.signIn({ audiences: ["usual.elsewhere"] }, { bearer: jeff.signInCredential }),
      status.INVALID_ARGUMENT,
      /audiences/,
    );
  });
});
