// The counter card as the store sees it, with presence running as its own process. Redis is
// written exactly as the contracts say the other side writes it (docs/redis-keys.md): identity's
// resolver table, consent's projection hash with its binary SharedCard, recommendations' binary
// Suggestions. What the store's NATS subscriber and WatchPresence receive is asserted.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { create, toBinary } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import type { NatsConnection } from "@nats-io/transport-node";
import { SharedCardSchema } from "#gen/usual/consent/v1/card_pb.js";
import { type CounterCard, type PresenceEvent, PresenceEventKind } from "#gen/usual/presence/v1/events_pb.js";
import {
  PresenceService,
  type ReportSightingsRequest,
  ReportSightingsRequestSchema,
  type StreamSightingsRequest,
  StreamSightingsRequestSchema,
} from "#gen/usual/presence/v1/presence_pb.js";
import { SuggestionsSchema } from "#gen/usual/recommendations/v1/suggestions_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats, subjects } from "#libs/nats/src/index.js";
import { connectRedis, type RedisClient, redisKeys } from "#libs/redis/src/index.js";
import { dayOfInterval, intervalAt } from "#libs/rolling-id/src/index.js";
import { withMesh } from "../support/mesh.js";
import { listenToStore, sleep } from "../support/presence-events.js";
import { registerBrand, sighting } from "../support/world.js";

type Flags = { greet_by_name: "1" | "0"; preferences: "1" | "0"; recommendations: "1" | "0" };

const SHARED = {
  greetingName: "Jeff",
  choices: [{ choiceId: "usual", label: "Regular order", answer: "Tall drip Pike" }],
  dontAsk: [{ itemId: "receipt", label: "Paper receipt" }],
};
const SUGGESTIONS = [{ itemId: "macchiato", label: "Iced caramel macchiato", reason: "because you love caramel" }];

/** The card as plain data, to compare without protobuf-es's message types. */
const plain = (card: CounterCard | undefined) => ({
  greetingName: card?.greetingName ?? "",
  choices: (card?.choices ?? []).map(({ choiceId, label, answer }) => ({ choiceId, label, answer })),
  dontAsk: (card?.dontAsk ?? []).map(({ itemId, label }) => ({ itemId, label })),
  suggestions: (card?.suggestions ?? []).map(({ itemId, label, reason }) => ({ itemId, label, reason })),
});
const expected = (parts: Partial<ReturnType<typeof plain>>) => ({ ...plain(undefined), ...parts });

describe("presence - the counter card published with arrived", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "presence"]);
  let redis: RedisClient;
  let nats: NatsConnection;
  let brandId: string;
  let store: { storeId: string; credential: string };

  /** A customer as the other services would have left Redis: table entry, projection, suggestions. */
  async function enrol(flags: Flags, withSuggestions = true) {
    const customerId = randomBytes(16).toString("base64url");
    const pseudonym = randomBytes(16).toString("base64url");
    const rollingId = randomBytes(16);
    const interval = intervalAt(Date.now() / 1000);
    await redis.hSet(redisKeys.rollingIdShard(dayOfInterval(interval), rollingId), rollingId, `${interval}:${customerId}`);
    // Consent keeps the card filtered; here every part is left in whatever the flags say, so the
    // test shows presence adds nothing a flag does not allow even when the data is there.
    await redis.hSet(redisKeys.consentProjection(customerId, brandId), {
      recognition: "1",
      "recognition:seq": "1",
      pseudonym,
      ...flags,
      card: Buffer.from(toBinary(SharedCardSchema, create(SharedCardSchema, SHARED))),
    });
    if (withSuggestions) {
      await redis.set(
        redisKeys.suggestions(customerId, brandId),
        Buffer.from(toBinary(SuggestionsSchema, create(SuggestionsSchema, { suggestions: SUGGESTIONS }))),
      );
    }
    return { pseudonym, rollingId };
  }

  before(async () => {
    redis = await connectRedis(running.infrastructure.redis.url, "counter-card-test");
    nats = await connectNats(running.infrastructure.nats.url, "counter-card-test");
    const brand = await registerBrand(running.mesh, ["pike-place"]);
    brandId = brand.brandId;
    store = brand.stores[0] as typeof store;
  });
  after(async () => {
    redis?.destroy();
    await nats?.close();
  });

  it("presence - each part of the card only under its purpose, on NATS and in WatchPresence's snapshot", async () => {
    const everything = await enrol({ greet_by_name: "1", preferences: "1", recommendations: "1" });
    const nameOnly = await enrol({ greet_by_name: "1", preferences: "0", recommendations: "0" });
    const preferencesOnly = await enrol({ greet_by_name: "0", preferences: "1", recommendations: "0" });
    const suggestionsOnly = await enrol({ greet_by_name: "0", preferences: "0", recommendations: "1" });
    const nothing = await enrol({ greet_by_name: "0", preferences: "0", recommendations: "0" });
    const noSuggestionsYet = await enrol({ greet_by_name: "0", preferences: "0", recommendations: "1" }, false);
    const want = new Map([
      [everything.pseudonym, expected({ ...SHARED, suggestions: SUGGESTIONS })],
      [nameOnly.pseudonym, expected({ greetingName: "Jeff" })],
      [preferencesOnly.pseudonym, expected({ choices: SHARED.choices, dontAsk: SHARED.dontAsk })],
      [suggestionsOnly.pseudonym, expected({ suggestions: SUGGESTIONS })],
      [nothing.pseudonym, expected({})],
      [noSuggestionsYet.pseudonym, expected({})],
    ]);
    const display = listenToStore(nats, brandId, store.storeId);
    const presence = createServiceClient(PresenceService, running.mesh.addresses.presence);
    try {
      const people = [everything, nameOnly, preferencesOnly, suggestionsOnly, nothing, noSuggestionsYet];
      await presence.reportSightings(
        { batch: { storeId: store.storeId, sightings: people.map((person) => sighting(person.rollingId)) } },
        { bearer: store.credential },
      );
      for (let index = 0; index < people.length; index++) await display.next(index, 5_000);
      await sleep(200);
      assert.equal(display.events.length, people.length, "one arrival each");
      for (const event of display.events) {
        assert.equal(event.kind, PresenceEventKind.ARRIVED);
        assert.deepEqual(plain(event.card), want.get(event.customerPseudonym), "the card on NATS");
      }

      const snapshot: PresenceEvent[] = [];
      const controller = new AbortController();
      const watching = (async () => {
        for await (const response of presence.watchPresence(
          { storeId: store.storeId },
          { bearer: store.credential, signal: controller.signal },
        )) {
          if (response.event) snapshot.push(response.event);
          if (snapshot.length === people.length) controller.abort();
        }
      })().catch(() => {});
      await Promise.race([watching, sleep(5_000)]);
      controller.abort();
      assert.equal(snapshot.length, people.length, "everyone present is in the snapshot");
      for (const event of snapshot) {
        assert.equal(event.kind, PresenceEventKind.PRESENT);
        assert.deepEqual(plain(event.card), want.get(event.customerPseudonym), "the card in WatchPresence's snapshot");
      }
    } finally {
      display.close();
      presence.close();
    }
  });

  it("presence - a withdrawn purpose empties that part of the snapshot's card at once", async () => {
    const customer = await enrol({ greet_by_name: "1", preferences: "1", recommendations: "1" });
    const presence = createServiceClient(PresenceService, running.mesh.addresses.presence);
    const display = listenToStore(nats, brandId, store.storeId);
    try {
      await presence.reportSightings(
        { batch: { storeId: store.storeId, sightings: [sighting(customer.rollingId)] } },
        { bearer: store.credential },
      );
      await display.next(0, 5_000);
      // The customer withdraws greet_by_name and recommendations while still in the store; the
      // stored card and suggestions are deliberately left as they were.
      const { customerId } = await customerOf(customer.rollingId);
      await redis.hSet(redisKeys.consentProjection(customerId, brandId), { greet_by_name: "0", recommendations: "0" });
      const controller = new AbortController();
      let card: CounterCard | undefined;
      for await (const response of presence.watchPresence(
        { storeId: store.storeId },
        { bearer: store.credential, signal: controller.signal },
      )) {
        if (response.event?.customerPseudonym === customer.pseudonym) {
          card = response.event.card;
          break;
        }
      }
      controller.abort();
      assert.deepEqual(plain(card), expected({ choices: SHARED.choices, dontAsk: SHARED.dontAsk }));
    } finally {
      display.close();
      presence.close();
    }
  });

  /** The traceparent of the next event published for the store. */
  async function nextTraceparent(): Promise<string | undefined> {
    const received = new Promise<string | undefined>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no arrival on NATS")), 5_000);
      const subscription = nats.subscribe(subjects.presence(brandId, store.storeId), {
        callback: (_error, msg) => {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve(msg.headers?.get("traceparent"));
        },
      });
    });
    await nats.flush();
    return received;
  }

  /** Call metadata of a hub that traces: its credential and its W3C trace context. */
  function tracedMetadata(traceId: string): grpc.Metadata {
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${store.credential}`);
    metadata.set("traceparent", `00-${traceId}-${randomBytes(8).toString("hex")}-01`);
    return metadata;
  }

  const batchOf = (rollingId: Buffer) => ({ storeId: store.storeId, sightings: [sighting(rollingId)] });
  const path = (method: { name: string }) => `/${PresenceService.typeName}/${method.name}`;

  it("presence - one trace from a reported sighting to the published arrival (traceparent on NATS)", async () => {
    const customer = await enrol({ greet_by_name: "1", preferences: "0", recommendations: "0" });
    const traceId = randomBytes(16).toString("hex");
    const published = nextTraceparent();
    const client = new grpc.Client(running.mesh.addresses.presence, grpc.credentials.createInsecure());
    try {
      await new Promise((resolve, reject) =>
        client.makeUnaryRequest(
          path(PresenceService.method.reportSightings),
          (request: ReportSightingsRequest) => Buffer.from(toBinary(ReportSightingsRequestSchema, request)),
          (bytes: Buffer) => bytes,
          create(ReportSightingsRequestSchema, { batch: batchOf(customer.rollingId) }),
          tracedMetadata(traceId),
          (error, reply) => (error ? reject(error) : resolve(reply)),
        ),
      );
      assert.equal((await published)?.split("-")[1], traceId, "the arrival is published in the hub's trace");
    } finally {
      client.close();
    }
  });

  it("presence - one trace from a streamed batch to the published arrival, batch after batch", async () => {
    const first = await enrol({ greet_by_name: "1", preferences: "0", recommendations: "0" });
    const second = await enrol({ greet_by_name: "1", preferences: "0", recommendations: "0" });
    const traceId = randomBytes(16).toString("hex");
    const client = new grpc.Client(running.mesh.addresses.presence, grpc.credentials.createInsecure());
    const stream = client.makeBidiStreamRequest(
      path(PresenceService.method.streamSightings),
      (request: StreamSightingsRequest) => Buffer.from(toBinary(StreamSightingsRequestSchema, request)),
      (bytes: Buffer) => bytes,
      tracedMetadata(traceId),
    );
    stream.on("data", () => {});
    stream.on("error", () => {});
    try {
      for (const [index, customer] of [first, second].entries()) {
        const published = nextTraceparent();
        stream.write(create(StreamSightingsRequestSchema, { batchId: BigInt(index + 1), batch: batchOf(customer.rollingId) }));
        assert.equal((await published)?.split("-")[1], traceId, `batch ${index + 1}'s arrival is published in the hub's trace`);
      }
    } finally {
      stream.cancel();
      client.close();
    }
  });

  async function customerOf(rollingId: Buffer): Promise<{ customerId: string }> {
    const interval = intervalAt(Date.now() / 1000);
    const value = await redis.hGet(redisKeys.rollingIdShard(dayOfInterval(interval), rollingId), rollingId);
    return { customerId: (value ?? "").split(":")[1] ?? "" };
  }
});
