// The consent model through the real service (identity beside it for credentials and brands):
// the programme, notices by version, purposes and channels, states, receipts, and every bad input.
import assert from "node:assert/strict";
import { status } from "@grpc/grpc-js";
import { createLocalJWKSet, jwtVerify } from "jose";
import { Channel, ConsentService, ConsentState, EntryKind, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { type ConsentClient, publishNotice, rejectsWith } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { registerBrand, registerCustomerWithWatch } from "../support/world.js";

describe("consent - model", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "consent"]);
  let consent: ConsentClient;
  let brand: Awaited<ReturnType<typeof registerBrand>>;
  before(async () => {
    consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    brand = await registerBrand(running.mesh, []);
    for (const purpose of [Purpose.RECOGNITION, Purpose.NOTIFICATIONS, Purpose.GREET_BY_NAME, Purpose.INSIGHTS])
      await publishNotice(consent, brand, purpose);
  });
  after(() => consent?.close());

  const customer = () => registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
  const receiptKeys = async () => createLocalJWKSet(JSON.parse((await consent.getReceiptKeys({})).jwksJson));

  it("consent - brand consent needs the programme opt-in: FAILED_PRECONDITION before joining", async () => {
    const jeff = await customer();
    await rejectsWith(
      consent.grantConsent(
        { brandId: brand.brandId, purpose: Purpose.RECOGNITION, noticeVersion: 1 },
        { bearer: jeff.credential },
      ),
      status.FAILED_PRECONDITION,
      new RegExp(`no programme opt-in: join the programme \\(JoinProgramme\\) before giving brand "${brand.brandId}" consent`),
    );
    await consent.joinProgramme({ noticeVersion: 1 }, { bearer: jeff.credential });
    const { record } = await consent.grantConsent(
      { brandId: brand.brandId, purpose: Purpose.RECOGNITION, noticeVersion: 1 },
      { bearer: jeff.credential },
    );
    assert.equal(record?.state, ConsentState.GIVEN);
    assert.equal(record?.noticeVersion, 1);
  });

  it("consent - every change returns a receipt the customer verifies with the published key", async () => {
    const jeff = await customer();
    const joined = await consent.joinProgramme({ noticeVersion: 1 }, { bearer: jeff.credential });
    const granted = await consent.grantConsent(
      { brandId: brand.brandId, purpose: Purpose.NOTIFICATIONS, channel: Channel.EMAIL, noticeVersion: 1 },
      { bearer: jeff.credential },
    );
    const revoked = await consent.revokeConsent(
      { brandId: brand.brandId, purpose: Purpose.NOTIFICATIONS, channel: Channel.EMAIL },
      { bearer: jeff.credential },
    );
    const keys = await receiptKeys();
    const claims = [];
    for (const record of [joined.record, granted.record, revoked.record]) {
      const { payload, protectedHeader } = await jwtVerify(record?.receipt ?? "", keys, { issuer: "usual-consent" });
      assert.equal(protectedHeader.alg, "EdDSA");
      assert.equal(payload.entry_hash, record?.entryHash);
      assert.equal(payload.sub, jeff.customerId);
      claims.push([payload.kind, payload.brand_id, payload.purpose, payload.channel, payload.state]);
    }
    assert.deepEqual(claims, [
      ["programme", "", "", "", "given"],
      ["brand", brand.brandId, "notifications", "email", "given"],
      ["brand", brand.brandId, "notifications", "email", "withdrawn"],
    ]);
    const forged = `${granted.record?.receipt.slice(0, -4)}AAAA`;
    await assert.rejects(jwtVerify(forged, keys), /signature/);
  });

  it("consent - leaving the programme withdraws every live brand consent, each with its receipt", async () => {
    const jeff = await customer();
    await consent.joinProgramme({ noticeVersion: 1 }, { bearer: jeff.credential });
    for (const purpose of [Purpose.RECOGNITION, Purpose.INSIGHTS])
      await consent.grantConsent({ brandId: brand.brandId, purpose, noticeVersion: 1 }, { bearer: jeff.credential });
    await consent.refuseConsent(
      { brandId: brand.brandId, purpose: Purpose.NOTIFICATIONS, channel: Channel.SMS, noticeVersion: 1 },
      { bearer: jeff.credential },
    );
    const left = await consent.leaveProgramme({}, { bearer: jeff.credential });
    assert.equal(left.record?.kind, EntryKind.PROGRAMME);
    assert.equal(left.record?.state, ConsentState.WITHDRAWN);
    assert.deepEqual(left.withdrawn.map((record) => Purpose[record.purpose]).sort(), ["INSIGHTS", "RECOGNITION"]);
    const keys = await receiptKeys();
    for (const record of [...left.withdrawn, left.record]) await jwtVerify(record?.receipt ?? "", keys);

    const listed = await consent.listConsents({ customerId: jeff.customerId }, { bearer: jeff.credential });
    assert.equal(listed.programme?.state, ConsentState.WITHDRAWN);
    const states = listed.brands[0]?.purposes.map((p) => [Purpose[p.purpose], Channel[p.channel], ConsentState[p.state]]);
    assert.deepEqual(states?.sort(), [
      ["INSIGHTS", "UNSPECIFIED", "WITHDRAWN"],
      ["NOTIFICATIONS", "SMS", "REFUSED"],
      ["RECOGNITION", "UNSPECIFIED", "WITHDRAWN"],
    ]);
    await rejectsWith(
      consent.grantConsent(
        { brandId: brand.brandId, purpose: Purpose.RECOGNITION, noticeVersion: 1 },
        { bearer: jeff.credential },
      ),
      status.FAILED_PRECONDITION,
      /no programme opt-in/,
    );
  });

  it("consent - ListConsents shows what each brand sees: pseudonym and the name only while greet_by_name is given", async () => {
    const jeff = await customer();
    await consent.joinProgramme({ noticeVersion: 1 }, { bearer: jeff.credential });
    await consent.grantConsent(
      { brandId: brand.brandId, purpose: Purpose.GREET_BY_NAME, noticeVersion: 1, greetingName: "Jeff" },
      { bearer: jeff.credential },
    );
    const before = await consent.listConsents({ customerId: jeff.customerId }, { bearer: jeff.credential });
    assert.equal(before.brands[0]?.card?.greetingName, "Jeff");
    assert.match(before.brands[0]?.pseudonym ?? "", /^[A-Za-z0-9_-]{22}$/);
    await consent.revokeConsent({ brandId: brand.brandId, purpose: Purpose.GREET_BY_NAME }, { bearer: jeff.credential });
    const after = await consent.listConsents({ customerId: jeff.customerId }, { bearer: jeff.credential });
    assert.equal(after.brands[0]?.card?.greetingName, "");
  });

  describe("consent - bad input", () => {
    let jeff: Awaited<ReturnType<typeof customer>>;
    before(async () => {
      jeff = await customer();
      await consent.joinProgramme({ noticeVersion: 1 }, { bearer: jeff.credential });
    });
    const grant = (request: Parameters<ConsentClient["grantConsent"]>[0], bearer = jeff.credential) =>
      consent.grantConsent(request, { bearer });

    it("consent - an unknown brand is INVALID_ARGUMENT naming brand_id", async () => {
      await rejectsWith(
        grant({ brandId: "no-such-brand", purpose: Purpose.RECOGNITION, noticeVersion: 1 }),
        status.INVALID_ARGUMENT,
        /^brand_id: no brand "no-such-brand" is registered$/,
      );
    });

    it("consent - an unknown purpose is INVALID_ARGUMENT naming purpose", async () => {
      await rejectsWith(
        grant({ brandId: brand.brandId, purpose: 99 as Purpose, noticeVersion: 1 }),
        status.INVALID_ARGUMENT,
        /purpose/,
      );
    });

    it("consent - a notice version the brand never published is INVALID_ARGUMENT listing the versions it did", async () => {
      await rejectsWith(
        grant({ brandId: brand.brandId, purpose: Purpose.RECOGNITION, noticeVersion: 7 }),
        status.INVALID_ARGUMENT,
        new RegExp(`^notice_version: brand "${brand.brandId}" has no version 7 of its recognition notice \\(published: 1\\)$`),
      );
      await rejectsWith(
        grant({ brandId: brand.brandId, purpose: Purpose.RECOMMENDATIONS, noticeVersion: 1 }),
        status.INVALID_ARGUMENT,
        new RegExp(`^notice_version: brand "${brand.brandId}" has published no recommendations notice$`),
      );
      await rejectsWith(
        consent.joinProgramme({ noticeVersion: 2 }, { bearer: jeff.credential }),
        status.INVALID_ARGUMENT,
        /^notice_version: the programme notice has versions 1 to 1, not 2$/,
      );
    });

    it("consent - channels and data that do not fit the purpose are INVALID_ARGUMENT naming each field", async () => {
      await rejectsWith(
        grant({ brandId: brand.brandId, purpose: Purpose.NOTIFICATIONS, noticeVersion: 1 }),
        status.INVALID_ARGUMENT,
        /^channel: required for notifications: push, email or sms$/,
      );
      await rejectsWith(
        grant({
          brandId: brand.brandId,
          purpose: Purpose.RECOGNITION,
          channel: Channel.PUSH,
          noticeVersion: 1,
          greetingName: "J",
        }),
        status.INVALID_ARGUMENT,
        /^channel: only notifications has channels; greeting_name: only greet_by_name carries a name$/,
      );
      await rejectsWith(
        grant({ brandId: brand.brandId, purpose: Purpose.GREET_BY_NAME, noticeVersion: 1 }),
        status.INVALID_ARGUMENT,
        /^greeting_name: required to greet by name$/,
      );
    });

    it("consent - a brand publishing for another brand, or a customer publishing, is PERMISSION_DENIED", async () => {
      const other = await registerBrand(running.mesh, []);
      const notice = { brandId: brand.brandId, purpose: Purpose.RECOGNITION, version: 9, text: "x" };
      await rejectsWith(
        consent.publishNotice(notice, { bearer: other.brandCredential }),
        status.PERMISSION_DENIED,
        new RegExp(`brand "${other.brandId}" may publish notices for itself only, not for "${brand.brandId}"`),
      );
      await rejectsWith(consent.publishNotice(notice, { bearer: jeff.credential }), status.PERMISSION_DENIED, /only the brand/);
      await rejectsWith(
        consent.publishNotice({ ...notice, version: 1 }, { bearer: brand.brandCredential }),
        status.ALREADY_EXISTS,
        /version 1 of the recognition notice is already published/,
      );
    });

    it("consent - a customer listing another customer's consents is PERMISSION_DENIED; a brand too", async () => {
      const ana = await customer();
      await rejectsWith(
        consent.listConsents({ customerId: ana.customerId }, { bearer: jeff.credential }),
        status.PERMISSION_DENIED,
        /a customer may list only their own consents/,
      );
      await rejectsWith(
        consent.listConsents({ customerId: ana.customerId }, { bearer: brand.brandCredential }),
        status.PERMISSION_DENIED,
        /only the customer may list their consents/,
      );
      await rejectsWith(
        grant({ brandId: brand.brandId, purpose: Purpose.RECOGNITION, noticeVersion: 1 }, brand.brandCredential),
        status.PERMISSION_DENIED,
        /only the customer may change their consent/,
      );
    });
  });
});
