// Identity's side of erasure and export: on CustomerErased (which consent publishes once it has
// erased the ledger; here the test publishes it), identity deletes the customer's devices, their
// rolling IDs, credentials, sessions and record; an export shows what it holds, without keys.
import assert from "node:assert/strict";
import { type ServiceError, status } from "@grpc/grpc-js";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConsentService } from "#gen/usual/consent/v1/consent_pb.js";
import { CustomerErasedSchema, ExportReplySchema, ExportRequestSchema } from "#gen/usual/customer/v1/data_pb.js";
import { IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats, encode, kvBuckets, requestMessage, streams, subjects } from "#libs/nats/src/index.js";
import { connectRedis, type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { grantRecognition } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { sleep } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch, type TestCustomer } from "../support/world.js";

describe("e2e - erasure and export (identity)", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "consent"]);
  let nats: NatsConnection;
  let redis: RedisClient;
  let identity: ReturnType<typeof createServiceClient<typeof IdentityService>>;
  before(async () => {
    nats = await connectNats(running.infrastructure.nats.url, "erasure-test");
    redis = await connectRedis(running.infrastructure.redis.url, "erasure-test");
    identity = createServiceClient(IdentityService, running.mesh.addresses.identity);
  });
  after(async () => {
    identity?.close();
    redis?.destroy();
    await nats?.close();
  });

  const exportOf = async (customerId: string) => {
    const reply = await requestMessage(
      nats,
      subjects.customerExport("identity"),
      ExportRequestSchema,
      { customerId },
      ExportReplySchema,
    );
    assert.equal(reply.service, "identity");
    return JSON.parse(reply.json);
  };
  const tableEntry = (customer: TestCustomer) => {
    const now = Date.now();
    const rid = customer.rollingIdAt(now);
    return redis.hGet(redisKeys.rollingIdShard(Math.floor(now / 86_400_000), rid), rid);
  };
  const publishErased = async (customerId: string) => {
    await jetstream(nats).publish(subjects.customerErased, encode(CustomerErasedSchema, { customerId }));
  };
  /** Waits until identity's erasure consumer has acknowledged everything published. */
  const erasuresApplied = async () => {
    const jsm = await jetstreamManager(nats);
    for (;;) {
      const info = await jsm.consumers.info(streams.customerErasures, "identity-customer-erasure");
      if (info.num_pending === 0 && info.num_ack_pending === 0) return;
      await sleep(50);
    }
  };
  const keysOf = async (bucket: string, filter: string) => {
    const kv = await new Kvm(jetstream(nats)).open(bucket);
    const keys: string[] = [];
    for await (const key of await kv.keys(filter)) keys.push(key);
    return keys;
  };

  it("export - identity's document: the profile, devices without key material, and sign-ins", async () => {
    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const document = await exportOf(jeff.customerId);
    assert.deepEqual(Object.keys(document), ["customer", "devices", "signIns"]);
    assert.equal(document.customer.customerId, jeff.customerId);
    assert.equal(document.customer.displayName, "Jeff");
    assert.equal(document.customer.recognitionLive, false);
    assert.deepEqual(
      document.devices.map((device: Record<string, unknown>) => Object.keys(device).sort()),
      [["deviceId", "keyVersion", "kind", "label", "model", "pairedAt"]],
    );
    assert.equal(document.devices[0].deviceId, jeff.deviceId);
    assert.equal(document.devices[0].kind, "WATCH");
    assert.equal(document.signIns.length, 1);
    const text = JSON.stringify(document);
    for (const { key } of jeff.keyBundle.dailyKeys) {
      assert.ok(!text.includes(Buffer.from(key).toString("hex")) && !text.includes(Buffer.from(key).toString("base64")));
    }
    assert.ok(!/credential|hash|token/i.test(text), "no credential, hash or token field");
    assert.deepEqual(await exportOf("nobody-at-all"), { customer: null, devices: [], signIns: [] });
  });

  it("erasure - CustomerErased removes devices, rolling IDs, credentials, sessions and the record; again is harmless", async () => {
    const consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    try {
      const brand = await registerBrand(running.mesh, ["pike-place"]);
      const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
      const ana = await registerCustomerWithWatch(running.mesh.addresses.identity, "Ana");
      for (const customer of [jeff, ana]) {
        await grantRecognition(consent, brand, customer);
      }
      while ((await tableEntry(jeff)) === null || (await tableEntry(ana)) === null) await sleep(50);

      await publishErased(jeff.customerId);
      await erasuresApplied();

      assert.equal(await tableEntry(jeff), null, "Jeff's rolling ID left the resolver table");
      assert.deepEqual(await exportOf(jeff.customerId), { customer: null, devices: [], signIns: [] });
      const unauthenticated = (error: ServiceError) => error.code === status.UNAUTHENTICATED;
      await assert.rejects(identity.signIn({}, { bearer: jeff.signInCredential }), unauthenticated);
      await assert.rejects(identity.refreshTokens({ refreshToken: jeff.refreshToken }), unauthenticated);
      await assert.rejects(identity.refreshKeyBundle({}, { bearer: jeff.deviceCredential }), unauthenticated);
      assert.deepEqual(
        (await identity.listDevices({}, { bearer: jeff.credential })).devices,
        [],
        "his unexpired access token finds nothing",
      );
      for (const bucket of [kvBuckets.identityDevices, kvBuckets.identityTokenFamilies]) {
        assert.deepEqual(await keysOf(bucket, `${jeff.customerId}.*`), [], `no ${bucket} key names him`);
      }
      assert.deepEqual(await keysOf(kvBuckets.identityCustomers, jeff.customerId), []);

      // Ana is untouched.
      assert.notEqual(await tableEntry(ana), null);
      assert.equal((await exportOf(ana.customerId)).devices.length, 1);
      assert.ok((await identity.signIn({}, { bearer: ana.signInCredential })).tokens);

      await publishErased(jeff.customerId);
      await erasuresApplied();
      assert.deepEqual(await exportOf(jeff.customerId), { customer: null, devices: [], signIns: [] });
    } finally {
      consent.close();
    }
  });
});
