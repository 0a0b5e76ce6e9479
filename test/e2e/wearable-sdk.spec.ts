// The wearable SDK against the real services: a watch signs in, pairs, computes offline the
// rolling ID the resolver table holds for it, knows when to rotate and when to refresh its keys.
import assert from "node:assert/strict";
import { ConsentService, ConsentState, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { DeviceKind } from "#gen/usual/identity/v1/identity_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectRedis, type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { INTERVAL_SECONDS } from "#libs/rolling-id/src/index.js";
import { Consents, CustomerSession, parseServiceData, Wearable } from "#sdk/wearable/src/index.js";
import { publishNotice } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { registerBrand } from "../support/world.js";

const DAY_MS = 86_400_000;

describe("e2e - wearable sdk", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "consent"]);
  let redis: RedisClient;
  before(async () => {
    redis = await connectRedis(running.infrastructure.redis.url, "wearable-sdk-test");
  });
  after(() => redis?.destroy());

  it("wearable sdk - a paired watch broadcasts, offline, the rolling ID identity resolves to its customer", async () => {
    const brand = await registerBrand(running.mesh, ["pike-place"]);
    const { brandId } = brand;
    const { session, customerCredential } = await CustomerSession.register(running.mesh.addresses.identity, "Jeff");
    const consents = new Consents(running.mesh.addresses.consent, session);
    const consentClient = createServiceClient(ConsentService, running.mesh.addresses.consent);
    try {
      assert.ok(customerCredential.length >= 43);
      const watch = await Wearable.pair(session, { kind: DeviceKind.WATCH, model: "Test Watch", label: "left" });
      await publishNotice(consentClient, brand, Purpose.RECOGNITION);
      await consents.joinProgramme(1);
      const granted = await consents.grant(brandId, Purpose.RECOGNITION, 1);
      assert.equal(granted.state, ConsentState.GIVEN);
      assert.ok(granted.receipt.split(".").length === 3, "a compact JWS receipt");

      const now = Date.now();
      const broadcast = watch.broadcastAt(now);
      const entry = () =>
        redis.hGet(redisKeys.rollingIdShard(Math.floor(now / DAY_MS), broadcast.rollingId), broadcast.rollingId);
      assert.equal(await entry(), `${broadcast.interval}:${session.customerId}`, "in the table when the grant returns");

      assert.deepEqual(parseServiceData(broadcast.payload.subarray(11)), { rollingId: broadcast.rollingId, txPowerDbm: -59 });
      assert.equal(broadcast.intervalEndsAt, (Math.floor(now / 600_000) + 1) * 600_000);
      assert.ok(broadcast.rotateAt >= broadcast.intervalEndsAt && broadcast.rotateAt < broadcast.intervalEndsAt + 20_000);
      const next = watch.broadcastAt(broadcast.intervalEndsAt);
      assert.notDeepEqual(next.rollingId, broadcast.rollingId, "a new ID each interval");
      assert.equal(next.interval, broadcast.interval + 1);

      const restored = Wearable.restore(JSON.parse(JSON.stringify(watch.state())));
      assert.deepEqual(restored.rollingIdAt(now), broadcast.rollingId, "the kept state computes the same ID");

      const revoked = await consents.revoke(brandId, Purpose.RECOGNITION);
      assert.equal(revoked.state, ConsentState.WITHDRAWN);
      assert.equal(await entry(), null, "out of the table when the revoke returns");
    } finally {
      consents.close();
      consentClient.close();
      await session.signOut();
    }
  });

  it("wearable sdk - keys are refreshed once fewer than two days remain, and run out after the seventh day", async () => {
    const { session } = await CustomerSession.register(running.mesh.addresses.identity, "Ana");
    try {
      const watch = await Wearable.pair(session, { kind: DeviceKind.BAND });
      const now = Date.now();
      const lastDayEnds = (Math.floor(now / DAY_MS) + 7) * DAY_MS;
      assert.equal(watch.needsKeyRefresh(now), false, "a fresh bundle covers today and six more days");
      assert.equal(await watch.maintain(now), false);
      const soon = lastDayEnds - 2 * DAY_MS + 1;
      assert.equal(watch.needsKeyRefresh(soon - 2), false);
      assert.equal(watch.needsKeyRefresh(soon), true);
      assert.equal(await watch.maintain(soon), true, "refreshed with the device credential");
      assert.equal(watch.keyBundle.dailyKeys.length, 7);
      assert.throws(() => watch.rollingIdAt(lastDayEnds), /no daily key/);
      assert.ok(watch.rollingIdAt(lastDayEnds - INTERVAL_SECONDS * 1000));
    } finally {
      await session.signOut();
    }
  });

  it("wearable sdk - the session refreshes its access token before it expires, and signs in again when its family is gone", async () => {
    let skewMs = 0;
    const now = () => Date.now() + skewMs;
    const { customerCredential } = await CustomerSession.register(running.mesh.addresses.identity, "Lee");
    const session = await CustomerSession.signIn({ identityAddress: running.mesh.addresses.identity, customerCredential, now });
    try {
      const first = await session.accessToken();
      assert.equal(await session.accessToken(), first, "no refresh while the token is fresh");
      skewMs = 9.5 * 60_000;
      const second = await session.accessToken();
      assert.notEqual(second, first, "refreshed within a minute of expiry");
      // Another party spends the family (as if the refresh token leaked): the session signs in again.
      await session.identityClient.signOut({
        refreshToken: (session as unknown as { tokens: { refreshToken: string } }).tokens.refreshToken,
      });
      skewMs = 19.5 * 60_000;
      const third = await session.accessToken();
      assert.notEqual(third, second);
      assert.equal((await session.identityClient.listDevices({}, { bearer: third })).devices.length, 0);
    } finally {
      await session.signOut();
    }
  });
});
