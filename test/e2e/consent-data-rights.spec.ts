// Access, erasure and durability through the real service: export gathers every service's part,
// erasure leaves nothing personal while the chain still verifies, tampering is named, and a
// restart of nats-server loses nothing.
import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { status } from "@grpc/grpc-js";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { createLocalJWKSet, jwtVerify } from "jose";
import { ConsentService, ConsentState, EntryKind, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { CustomerErasedSchema, ExportReplySchema, ExportRequestSchema } from "#gen/usual/customer/v1/data_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats, serveRequests, streams, subjects } from "#libs/nats/src/index.js";
import { connectRedis, type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { type ConsentClient, publishNotice, rejectsWith } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { sleep } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch } from "../support/world.js";

describe("consent - export, erasure and durability", function () {
  this.timeout(60_000);
  let nats: NatsConnection;
  let redis: RedisClient;
  let consent: ConsentClient;
  let brand: Awaited<ReturnType<typeof registerBrand>>;
  // Registered before withMesh, so these close before the servers stop.
  after(async () => {
    consent?.close();
    await nats?.close();
    redis?.destroy();
  });
  const running = withMesh(["identity", "consent"]);
  before(async () => {
    nats = await connectNats(running.infrastructure.nats.url, "data-rights-test");
    redis = await connectRedis(running.infrastructure.redis.url, "data-rights-test");
    consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    brand = await registerBrand(running.mesh, []);
    for (const purpose of [Purpose.RECOGNITION, Purpose.GREET_BY_NAME, Purpose.PREFERENCES])
      await publishNotice(consent, brand, purpose);
    await consent.defineChoices(
      {
        brandId: brand.brandId,
        choices: [{ choiceId: "regular-order", label: "Regular order", kind: { case: "yesNo", value: {} } }],
        dontAskOptions: [{ itemId: "receipt", label: "Paper receipt" }],
      },
      { bearer: brand.brandCredential },
    );
  });

  /** A customer who shared a name, answers and recognition with the brand. */
  const sharing = async (name: string) => {
    const customer = await registerCustomerWithWatch(running.mesh.addresses.identity, name);
    const bearer = { bearer: customer.credential };
    await consent.joinProgramme({ noticeVersion: 1 }, bearer);
    await consent.grantConsent({ brandId: brand.brandId, purpose: Purpose.RECOGNITION, noticeVersion: 1 }, bearer);
    await consent.grantConsent(
      { brandId: brand.brandId, purpose: Purpose.GREET_BY_NAME, noticeVersion: 1, greetingName: name },
      bearer,
    );
    await consent.grantConsent(
      {
        brandId: brand.brandId,
        purpose: Purpose.PREFERENCES,
        noticeVersion: 1,
        answers: [{ choiceId: "regular-order", value: { case: "yes", value: true } }],
        dontAsk: ["receipt"],
      },
      bearer,
    );
    return customer;
  };
  const exported = async (credential: string) =>
    JSON.parse((await consent.exportData({}, { bearer: credential })).json) as {
      erased: boolean;
      consent: { ledger: { kind: string; data: { greetingName: string; brandPseudonym: string } | null }[] };
      services: Record<string, unknown>;
      unavailable: string[];
    };

  it("consent - export holds the decrypted ledger and every service's part; a service that does not answer is listed", async () => {
    const jeff = await sharing("Jeffrey");
    const responder = serveRequests(
      nats,
      subjects.customerExport("recommendations"),
      ExportRequestSchema,
      ExportReplySchema,
      async (request) => ({ service: "recommendations", json: JSON.stringify({ favourites: [request.customerId.length] }) }),
      { queue: "test", onError: () => {} },
    );
    try {
      const document = await exported(jeff.credential);
      assert.deepEqual(document.services.recommendations, { favourites: [22] });
      assert.equal(
        (document.services.identity as { customer: { displayName: string } }).customer.displayName,
        "Jeffrey",
        "identity's part holds the profile",
      );
      assert.ok(document.unavailable.includes("notifications"), "notifications did not answer and is listed");
      assert.ok(!("notifications" in document.services));
      assert.deepEqual(
        document.consent.ledger.map((entry) => entry.kind),
        ["programme", "brand", "brand", "brand"],
      );
      assert.equal(document.consent.ledger[2]?.data?.greetingName, "Jeffrey");
      assert.match(document.consent.ledger[1]?.data?.brandPseudonym ?? "", /^[A-Za-z0-9_-]{22}$/);
    } finally {
      responder.unsubscribe();
    }
  });

  it("consent - erasure leaves nothing personal in export or Redis, tells every service, and the chain still verifies", async () => {
    const jeff = await sharing("Jeffrey");
    const before = await exported(jeff.credential);
    const pseudonym = before.consent.ledger[1]?.data?.brandPseudonym ?? "";
    await redis.set(redisKeys.suggestions(jeff.customerId, brand.brandId), "precomputed");
    assert.equal(await redis.exists(redisKeys.consentPseudonym(brand.brandId, pseudonym)), 1);

    const { record } = await consent.eraseCustomer({}, { bearer: jeff.credential });
    assert.equal(record?.kind, EntryKind.ERASURE);
    const keys = createLocalJWKSet(JSON.parse((await consent.getReceiptKeys({})).jwksJson));
    const { payload } = await jwtVerify(record?.receipt ?? "", keys);
    assert.deepEqual([payload.kind, payload.state, payload.entry_hash], ["erasure", "erased", record?.entryHash]);

    // Identity erases on its own (a durable consumer of CUSTOMER_ERASURES); wait for it to finish.
    const identityPart = async () =>
      ((await exported(jeff.credential)).services.identity as { customer: unknown } | undefined)?.customer;
    while ((await identityPart()) !== null) await sleep(50);
    const after = JSON.stringify(await exported(jeff.credential));
    for (const personal of ["Jeffrey", pseudonym, "Regular order", "Paper receipt"])
      assert.ok(!after.includes(personal), `the export after erasure still holds ${personal}`);
    assert.equal((JSON.parse(after) as { erased: boolean }).erased, true);
    const verified = await consent.verifyLedger({}, { bearer: jeff.credential });
    assert.deepEqual([verified.intact, verified.entriesChecked], [true, 5]);

    const left = await Promise.all([
      redis.exists(redisKeys.consentProjection(jeff.customerId, brand.brandId)),
      redis.exists(redisKeys.suggestions(jeff.customerId, brand.brandId)),
      redis.exists(redisKeys.consentPseudonym(brand.brandId, pseudonym)),
      redis.exists(redisKeys.consentRecognitionBrands(jeff.customerId)),
      redis.exists(redisKeys.consentBrands(jeff.customerId)),
    ]);
    assert.deepEqual(left, [0, 0, 0, 0, 0]);
    const jsm = await jetstreamManager(nats);
    const announced = await jsm.streams.getMessage(streams.customerErasures, { last_by_subj: subjects.customerErased });
    assert.equal(fromBinary(CustomerErasedSchema, announced?.data ?? new Uint8Array()).customerId, jeff.customerId);

    await rejectsWith(
      consent.grantConsent(
        { brandId: brand.brandId, purpose: Purpose.RECOGNITION, noticeVersion: 1 },
        { bearer: jeff.credential },
      ),
      status.FAILED_PRECONDITION,
      /the customer's data was erased: nothing more can be recorded/,
    );
    const again = await consent.eraseCustomer({}, { bearer: jeff.credential });
    assert.equal(again.record?.entryHash, record?.entryHash, "erasing again returns the same erasure");
  });

  it("consent - an entry removed from the ledger is named by VerifyLedger", async () => {
    const ana = await sharing("Ana");
    const listed = await consent.listConsents({ customerId: ana.customerId }, { bearer: ana.credential });
    const greet = listed.brands[0]?.purposes.find((p) => p.purpose === Purpose.GREET_BY_NAME);
    const revoked = await consent.revokeConsent(
      { brandId: brand.brandId, purpose: Purpose.RECOGNITION },
      { bearer: ana.credential },
    );
    const jsm = await jetstreamManager(nats);
    const exportBefore = await exported(ana.credential);
    assert.equal(exportBefore.consent.ledger.length, 5);
    // Remove the greet_by_name entry (the third): the preferences entry after it no longer links.
    const stored = await jsm.streams.getMessage(streams.consentLedger, { seq: Number(revoked.record?.ledgerSequence) - 2 });
    await jsm.streams.deleteMessage(streams.consentLedger, stored?.seq ?? 0);
    const verified = await consent.verifyLedger({}, { bearer: ana.credential });
    assert.equal(verified.intact, false);
    assert.equal(verified.firstBreak?.sequence, revoked.record ? revoked.record.ledgerSequence - 1n : -1n);
    assert.match(verified.firstBreak?.reason ?? "", /does not link to the one before it/);
    assert.ok(greet, "the removed entry was a real grant");
  });

  it("consent - a restart of nats-server between the grant and the read loses nothing", async () => {
    const lee = await sharing("Lee");
    const before = await consent.listConsents({ customerId: lee.customerId }, { bearer: lee.credential });
    await running.infrastructure.nats.restart();
    let after: Awaited<ReturnType<ConsentClient["listConsents"]>> | undefined;
    for (let attempt = 0; attempt < 100 && !after; attempt++) {
      after = await consent
        .listConsents({ customerId: lee.customerId }, { bearer: lee.credential, timeoutMs: 3_000 })
        .catch(() => sleep(200).then(() => undefined));
    }
    assert.deepEqual(after?.brands, before.brands);
    assert.equal(after?.programme?.state, ConsentState.GIVEN);
    assert.equal(after?.brands[0]?.card?.greetingName, "Lee", "the customer's key survived too: the name still opens");
  });
});
