// The counter card through the real services: what a customer shares with a brand through the
// consent service is what that brand's counter sees on arrival, and nothing they took back.
import assert from "node:assert/strict";
import { toBinary } from "@bufbuild/protobuf";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConsentService, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { PresenceEventKind } from "#gen/usual/presence/v1/events_pb.js";
import { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import { SuggestionsSchema } from "#gen/usual/recommendations/v1/suggestions_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats } from "#libs/nats/src/index.js";
import { connectRedis, type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { publishNotice } from "../support/consent.js";
import { withMesh } from "../support/mesh.js";
import { listenToStore } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch, sighting } from "../support/world.js";

describe("e2e - counter card", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "consent", "presence"], { extraEnv: { PRESENCE_VISIT_ABSENCE_MS: "1500" } });
  let nats: NatsConnection;
  let redis: RedisClient;
  let consent: ReturnType<typeof createServiceClient<typeof ConsentService>>;
  let presence: ReturnType<typeof createServiceClient<typeof PresenceService>>;
  before(async () => {
    nats = await connectNats(running.infrastructure.nats.url, "counter-card-test");
    redis = await connectRedis(running.infrastructure.redis.url, "counter-card-test");
    consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    presence = createServiceClient(PresenceService, running.mesh.addresses.presence);
  });
  after(async () => {
    consent?.close();
    presence?.close();
    redis?.destroy();
    await nats?.close();
  });

  it("counter card - the name, the usual and the don't-ask line as shared; a revoked part is gone at the next arrival", async () => {
    const brand = await registerBrand(running.mesh, ["pike-place"]);
    const [store] = brand.stores as [(typeof brand.stores)[0]];
    for (const purpose of [Purpose.RECOGNITION, Purpose.GREET_BY_NAME, Purpose.PREFERENCES, Purpose.RECOMMENDATIONS])
      await publishNotice(consent, brand, purpose);
    await consent.defineChoices(
      {
        brandId: brand.brandId,
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
        dontAskOptions: [{ itemId: "receipt", label: "Paper receipt" }],
      },
      { bearer: brand.brandCredential },
    );

    const jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeffrey Lebowski");
    const bearer = { bearer: jeff.credential };
    await consent.joinProgramme({ noticeVersion: 1 }, bearer);
    const grant = (purpose: Purpose, shared: { greetingName?: string; answers?: object[]; dontAsk?: string[] } = {}) =>
      consent.grantConsent({ brandId: brand.brandId, purpose, noticeVersion: 1, ...shared }, bearer);
    await grant(Purpose.RECOGNITION);
    await grant(Purpose.GREET_BY_NAME, { greetingName: "Jeff" });
    await grant(Purpose.PREFERENCES, {
      answers: [
        { choiceId: "regular-order", value: { case: "optionId", value: "tall-drip" } },
        { choiceId: "room-for-cream", value: { case: "yes", value: false } },
      ],
      dontAsk: ["receipt"],
    });
    // Suggestions are the recommendations service's to precompute (the documented contract key);
    // they reach the card only while the customer allows recommendations, which Jeff does not yet.
    await redis.set(
      redisKeys.suggestions(jeff.customerId, brand.brandId),
      Buffer.from(
        toBinary(SuggestionsSchema, {
          $typeName: "usual.recommendations.v1.Suggestions",
          suggestions: [
            {
              $typeName: "usual.recommendations.v1.Suggestion",
              itemId: "caramel-macchiato",
              label: "Iced caramel macchiato",
              reason: "because you love the caramel macchiato",
            },
          ],
        }),
      ),
    );

    const display = listenToStore(nats, brand.brandId, store.storeId);
    const arrive = async () => {
      const from = display.events.length;
      await presence.reportSightings(
        { batch: { storeId: store.storeId, sightings: [sighting(jeff.rollingIdAt(Date.now()))] } },
        { bearer: store.credential },
      );
      const event = await display.next(from, 10_000);
      assert.equal(event.kind, PresenceEventKind.ARRIVED);
      return event;
    };
    const leave = async () => {
      const from = display.events.length;
      const event = await display.next(from, 15_000);
      assert.equal(event.kind, PresenceEventKind.LEFT);
      assert.equal(event.card, undefined, "a departure carries no card");
    };

    try {
      const first = await arrive();
      assert.equal(first.card?.greetingName, "Jeff");
      assert.deepEqual(
        first.card?.choices.map(({ label, answer }) => [label, answer]),
        [
          ["Regular order", "Tall drip Pike"],
          ["Room for cream", "No"],
        ],
      );
      assert.deepEqual(
        first.card?.dontAsk.map(({ label }) => label),
        ["Paper receipt"],
      );
      assert.deepEqual(first.card?.suggestions, [], "no suggestions without the recommendations consent");
      const shown = JSON.stringify(first, (_key, value) => (typeof value === "bigint" ? String(value) : value));
      assert.ok(!shown.includes("Lebowski") && !shown.includes(jeff.customerId), "only what Jeff shared with this brand");

      await leave();
      await consent.revokeConsent({ brandId: brand.brandId, purpose: Purpose.GREET_BY_NAME }, bearer);
      await grant(Purpose.RECOMMENDATIONS);
      const second = await arrive();
      assert.equal(second.card?.greetingName, "", "no name once greet_by_name is withdrawn");
      assert.equal(second.card?.choices.length, 2, "the usual is still shared");
      assert.deepEqual(
        second.card?.suggestions.map(({ label, reason }) => [label, reason]),
        [["Iced caramel macchiato", "because you love the caramel macchiato"]],
      );
    } finally {
      display.close();
    }
  });
});
