// Brand choices and the counter card: a brand defines its choices, a customer answers them under
// preferences, the projection's card carries exactly what is shared, and each side reads only its own.
import assert from "node:assert/strict";
import { fromBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { status } from "@grpc/grpc-js";
import { RESP_TYPES } from "redis";
import { SharedCardSchema } from "#gen/usual/consent/v1/card_pb.js";
import { ConsentService, type DefineChoicesRequestSchema, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectRedis, type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { type ConsentClient, publishNotice, rejectsWith } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { sleep } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch } from "../support/world.js";

const CHOICES: Omit<MessageInitShape<typeof DefineChoicesRequestSchema>, "brandId" | "$typeName"> = {
  choices: [
    {
      choiceId: "regular-order",
      label: "Regular order",
      kind: {
        case: "oneOf",
        value: {
          options: [
            { optionId: "tall-drip", label: "Tall drip Pike" },
            { optionId: "flat-white", label: "Flat white" },
          ],
        },
      },
    },
    { choiceId: "room-for-cream", label: "Room for cream", kind: { case: "yesNo", value: {} } },
  ],
  dontAskOptions: [
    { itemId: "receipt", label: "Paper receipt" },
    { itemId: "store-account", label: "Store account" },
  ],
};

describe("consent - brand choices and the counter card", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "consent"]);
  let consent: ConsentClient;
  let redis: RedisClient;
  let brand: Awaited<ReturnType<typeof registerBrand>>;
  let other: Awaited<ReturnType<typeof registerBrand>>;
  before(async () => {
    consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    redis = await connectRedis(running.infrastructure.redis.url, "choices-test");
    brand = await registerBrand(running.mesh, []);
    other = await registerBrand(running.mesh, []);
    for (const purpose of [Purpose.PREFERENCES, Purpose.GREET_BY_NAME]) await publishNotice(consent, brand, purpose);
    await consent.defineChoices({ brandId: brand.brandId, ...CHOICES }, { bearer: brand.brandCredential });
  });
  after(async () => {
    consent?.close();
    redis?.destroy();
  });

  const joined = async (name: string) => {
    const customer = await registerCustomerWithWatch(running.mesh.addresses.identity, name);
    await consent.joinProgramme({ noticeVersion: 1 }, { bearer: customer.credential });
    return customer;
  };
  const answer = (credential: string, answers: Parameters<ConsentClient["grantConsent"]>[0]["answers"], dontAsk: string[] = []) =>
    consent.grantConsent(
      { brandId: brand.brandId, purpose: Purpose.PREFERENCES, noticeVersion: 1, answers, dontAsk },
      { bearer: credential },
    );
  const card = async (customerId: string) => {
    const binary = await redis
      .withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })
      .hGet(redisKeys.consentProjection(customerId, brand.brandId), "card");
    return binary ? fromBinary(SharedCardSchema, binary) : undefined;
  };
  const ORDER = [
    { choiceId: "room-for-cream", value: { case: "yes" as const, value: true } },
    { choiceId: "regular-order", value: { case: "optionId" as const, value: "tall-drip" } },
  ];

  it("consent - the card carries the name and the answers in the brand's order, each only while its purpose is given", async () => {
    const jeff = await joined("Jeff");
    await consent.grantConsent(
      { brandId: brand.brandId, purpose: Purpose.GREET_BY_NAME, noticeVersion: 1, greetingName: "Jeff" },
      { bearer: jeff.credential },
    );
    await answer(jeff.credential, ORDER, ["receipt"]);
    const full = await card(jeff.customerId);
    assert.equal(full?.greetingName, "Jeff");
    assert.deepEqual(
      full?.choices.map((c) => [c.choiceId, c.label, c.answer]),
      [
        ["regular-order", "Regular order", "Tall drip Pike"],
        ["room-for-cream", "Room for cream", "Yes"],
      ],
    );
    assert.deepEqual(
      full?.dontAsk.map((d) => [d.itemId, d.label]),
      [["receipt", "Paper receipt"]],
    );

    await consent.revokeConsent({ brandId: brand.brandId, purpose: Purpose.GREET_BY_NAME }, { bearer: jeff.credential });
    const nameless = await card(jeff.customerId);
    assert.equal(nameless?.greetingName, "");
    assert.equal(nameless?.choices.length, 2);

    await consent.revokeConsent({ brandId: brand.brandId, purpose: Purpose.PREFERENCES }, { bearer: jeff.credential });
    assert.equal(await card(jeff.customerId), undefined, "nothing shared: no card field at all");
  });

  it("consent - a Redis that lost everything gets the card back from the ledger", async () => {
    const ana = await joined("Ana");
    await answer(ana.credential, [ORDER[1] as (typeof ORDER)[1]], ["store-account"]);
    const before = await card(ana.customerId);
    await running.infrastructure.redis.restart();
    let after: Awaited<ReturnType<typeof card>>;
    for (let attempt = 0; attempt < 100 && !after; attempt++) {
      after = await card(ana.customerId).catch(() => undefined);
      if (!after) await sleep(100);
    }
    assert.deepEqual(after?.choices, before?.choices);
    assert.deepEqual(after?.dontAsk, before?.dontAsk);
  });

  it("consent - a brand reads the answers given to it by pseudonym; the customer reads their own by id", async () => {
    const lee = await joined("Lee");
    await answer(lee.credential, ORDER);
    const listed = await consent.listConsents({ customerId: lee.customerId }, { bearer: lee.credential });
    const pseudonym = listed.brands[0]?.pseudonym ?? "";
    const byBrand = await consent.getAnswers(
      { brandId: brand.brandId, subject: { case: "pseudonym", value: pseudonym } },
      { bearer: brand.brandCredential },
    );
    assert.deepEqual(
      byBrand.choices.map((c) => c.answer),
      ["Tall drip Pike", "Yes"],
    );
    const own = await consent.getAnswers(
      { brandId: brand.brandId, subject: { case: "customerId", value: lee.customerId } },
      { bearer: lee.credential },
    );
    assert.deepEqual(own.choices, byBrand.choices);

    await rejectsWith(
      consent.getAnswers(
        { brandId: brand.brandId, subject: { case: "pseudonym", value: pseudonym } },
        { bearer: other.brandCredential },
      ),
      status.PERMISSION_DENIED,
      new RegExp(`brand "${other.brandId}" may read only answers given to it, not to "${brand.brandId}"`),
    );
    await rejectsWith(
      consent.getAnswers(
        { brandId: brand.brandId, subject: { case: "customerId", value: lee.customerId } },
        { bearer: brand.brandCredential },
      ),
      status.PERMISSION_DENIED,
      /a brand reads answers by the customer's pseudonym, never by customer id/,
    );
    const zoe = await joined("Zoe");
    await rejectsWith(
      consent.getAnswers(
        { brandId: brand.brandId, subject: { case: "customerId", value: lee.customerId } },
        { bearer: zoe.credential },
      ),
      status.PERMISSION_DENIED,
      /a customer may read only their own answers/,
    );
    await rejectsWith(
      consent.getAnswers(
        { brandId: brand.brandId, subject: { case: "pseudonym", value: "A".repeat(22) } },
        { bearer: brand.brandCredential },
      ),
      status.NOT_FOUND,
      new RegExp(`no customer of brand "${brand.brandId}" has this pseudonym`),
    );
  });

  it("consent - answers that do not fit the brand's schema are INVALID_ARGUMENT naming each answer", async () => {
    const max = await joined("Max");
    await rejectsWith(
      answer(max.credential, [
        { choiceId: "size", value: { case: "yes", value: true } },
        { choiceId: "regular-order", value: { case: "optionId", value: "venti" } },
        { choiceId: "room-for-cream", value: { case: "optionId", value: "tall-drip" } },
      ]),
      status.INVALID_ARGUMENT,
      new RegExp(
        [
          `answers\\[0\\]\\.choice_id: brand "${brand.brandId}" has no choice "size"`,
          `answers\\[1\\]\\.option_id: "venti" is not an option of "regular-order" \\(tall-drip, flat-white\\)`,
          `answers\\[2\\]\\.yes: "room-for-cream" takes yes or no`,
        ].join("; "),
      ),
    );
    await rejectsWith(
      answer(max.credential, [], ["umbrella"]),
      status.INVALID_ARGUMENT,
      new RegExp(`dont_ask\\[0\\]: brand "${brand.brandId}" has no don't-ask item "umbrella"`),
    );
    await rejectsWith(
      consent.grantConsent(
        { brandId: brand.brandId, purpose: Purpose.GREET_BY_NAME, noticeVersion: 1, greetingName: "Max", answers: ORDER },
        { bearer: max.credential },
      ),
      status.INVALID_ARGUMENT,
      /^answers: only preferences carries answers$/,
    );
  });

  it("consent - a schema with a repeated id is INVALID_ARGUMENT; only the brand defines its choices", async () => {
    await rejectsWith(
      consent.defineChoices(
        { brandId: brand.brandId, choices: [CHOICES.choices?.[1], CHOICES.choices?.[1]] as never },
        { bearer: brand.brandCredential },
      ),
      status.INVALID_ARGUMENT,
      /choices\[1\]\.choice_id: "room-for-cream" is defined twice/,
    );
    await rejectsWith(
      consent.defineChoices({ brandId: brand.brandId, ...CHOICES }, { bearer: other.brandCredential }),
      status.PERMISSION_DENIED,
      /may define choices for itself only/,
    );
    const schema = await consent.getChoices({ brandId: brand.brandId }, { bearer: other.brandCredential });
    assert.deepEqual(
      schema.schema?.choices.map((c) => c.choiceId),
      ["regular-order", "room-for-cream"],
    );
  });
});
