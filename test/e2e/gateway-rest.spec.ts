// The gateway as a store system meets it: REST with problem+json for every kind of bad input,
// staff feedback stored in JetStream, and the live presence stream resumed with Last-Event-ID.
import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { StaffFeedbackKind, StaffFeedbackSchema } from "#gen/usual/recommendations/v1/feedback_pb.js";
import { connectNats, streams, subjects } from "#libs/nats/src/index.js";
import {
  type Answer,
  assertProblem,
  callGateway,
  displayTokenFor,
  openLiveStream,
  PresenceEventKind,
  publishPresenceEvent,
} from "../support/gateway.js";
import { withMesh } from "../support/mesh.js";
import { registerBrand } from "../support/world.js";

const RATE_LIMIT = 40;

describe("e2e - gateway REST and live presence", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "consent", "presence", "gateway"], {
    extraEnv: { GATEWAY_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) },
  });
  let nc: NatsConnection;
  let world: Awaited<ReturnType<typeof registerBrand>>;
  const base = () => running.mesh.gatewayHttpUrl ?? "";
  const store = (index: number) => world.stores[index] as { storeId: string; credential: string };

  before(async () => {
    nc = await connectNats(running.infrastructure.nats.url, "gateway-rest-test");
    world = await registerBrand(running.mesh, ["pike-place", "capitol-hill", "rate-limited"]);
  });
  after(async () => {
    await nc?.close();
  });

  it("gateway - refuses bad input with problem+json naming the field, never a stack trace", async () => {
    const { storeId, credential } = store(0);
    const path = `/v1/stores/${storeId}/sightings`;
    const good = {
      rollingId: Buffer.alloc(16).toString("base64"),
      beaconId: "b1",
      observedAt: new Date().toISOString(),
      rssi: -60,
    };
    assertProblem(
      await callGateway(base(), "POST", path, {
        bearer: credential,
        rawBody: "{bad",
        headers: { "content-type": "application/json" },
      }),
      400,
      /not valid JSON/,
    );
    assertProblem(
      await callGateway(base(), "POST", path, { bearer: credential, body: { sightings: [{ ...good, colour: "red" }] } }),
      400,
      /excess property/,
      "sightings[0].colour",
    );
    assertProblem(
      await callGateway(base(), "POST", path, { bearer: credential, body: { sightings: [{ ...good, rssi: "-60" }] } }),
      400,
      /whole number/,
      "sightings[0].rssi",
    );
    assertProblem(
      await callGateway(base(), "POST", path, { bearer: credential, body: { sightings: [{ ...good, rollingId: "abc" }] } }),
      400,
      /16 bytes/,
      "sightings[0].rollingId",
    );
    assertProblem(
      await callGateway(base(), "POST", path, { bearer: credential, body: { sightings: [] } }),
      400,
      /at least one sighting/,
      "sightings",
    );
    assertProblem(
      await callGateway(base(), "POST", path, {
        bearer: credential,
        rawBody: JSON.stringify({ sightings: [good], pad: "x".repeat(300_000) }),
        headers: { "content-type": "application/json" },
      }),
      413,
      /larger than/,
    );
    assertProblem(
      await callGateway(base(), "POST", path, {
        bearer: credential,
        rawBody: "sightings=1",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      415,
      /application\/json/,
    );
    const missing = await callGateway(base(), "POST", path, { body: { sightings: [good] } });
    assertProblem(missing, 401, /missing credential/);
    assert.match(missing.headers.get("www-authenticate") ?? "", /^Bearer/);
    assertProblem(
      await callGateway(base(), "POST", path, { bearer: "not-a-credential", body: { sightings: [good] } }),
      401,
      /not valid/,
    );
    assertProblem(
      await callGateway(base(), "POST", path, { headers: { authorization: "Basic abc" }, body: { sightings: [good] } }),
      401,
      /Bearer <token>/,
    );
    assertProblem(
      await callGateway(base(), "POST", path, { bearer: store(1).credential, body: { sightings: [good] } }),
      403,
      /capitol-hill, not pike-place/,
    );
    const token = await displayTokenFor(base(), storeId, credential);
    assertProblem(
      await callGateway(base(), "POST", path, { bearer: token, body: { sightings: [good] } }),
      403,
      /display token only/,
    );
    assertProblem(await callGateway(base(), "DELETE", path, { bearer: credential }), 405, /use POST/);
    assertProblem(await callGateway(base(), "GET", "/v1/nowhere"), 404, /no route/);
    const accepted = await callGateway(base(), "POST", path, { bearer: credential, body: { sightings: [good] } });
    assert.deepEqual([accepted.status, accepted.body], [200, { sightingCount: 1 }]);
  });

  it("gateway - sets security headers and refuses cross-origin browsers it does not know", async () => {
    const health = await callGateway(base(), "GET", "/healthz");
    assert.equal(health.headers.get("x-content-type-options"), "nosniff");
    assert.equal(health.headers.get("x-frame-options"), "DENY");
    assert.equal(health.headers.get("referrer-policy"), "no-referrer");
    assert.match(health.headers.get("content-security-policy") ?? "", /default-src 'none'/);
    assert.equal(health.headers.get("x-powered-by"), null);
    const display = await callGateway(base(), "GET", "/display/");
    assert.match(display.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    const preflight = await callGateway(base(), "OPTIONS", `/v1/stores/${store(0).storeId}/feedback`, {
      headers: { origin: "https://elsewhere.example", "access-control-request-method": "POST" },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
  });

  it("gateway - serves an OpenAPI 3 document whose references all resolve, and a docs page", async () => {
    const spec = (await callGateway(base(), "GET", "/openapi.json")).body;
    assert.match(spec.openapi, /^3\./);
    const refs = [...JSON.stringify(spec).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1] as string,
    );
    assert.ok(refs.length > 0);
    for (const ref of refs) assert.ok(spec.components.schemas[ref], `schema ${ref} is defined`);
    for (const path of [
      "/v1/stores/{storeId}/sightings",
      "/v1/stores/{storeId}/presence/events",
      "/v1/stores/{storeId}/feedback",
    ]) {
      assert.ok(spec.paths[path], `${path} is documented`);
    }
    const docs = await callGateway(base(), "GET", "/docs/");
    assert.equal(docs.status, 200);
    assert.match(docs.body, /docs\.js/);
  });

  it("gateway - limits requests per credential and says when to retry", async () => {
    const { storeId, credential } = store(2);
    const statuses: number[] = [];
    let limited: Answer | undefined;
    for (let attempt = 0; attempt < RATE_LIMIT + 5 && !limited; attempt++) {
      // Counted before anything else: even a refused body counts.
      const answer = await callGateway(base(), "POST", `/v1/stores/${storeId}/sightings`, { bearer: credential, body: {} });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    assert.ok(limited, `a 429 after ${RATE_LIMIT} requests: ${statuses.join(",")}`);
    assertProblem(limited, 429, /more than 40 requests/);
    assert.match(limited.headers.get("retry-after") ?? "", /^\d+$/);
    const other = await callGateway(base(), "GET", `/v1/stores/${store(1).storeId}/presence`, { bearer: store(1).credential });
    assert.equal(other.status, 200, "another credential is not limited");
  });

  it("gateway - stores staff feedback in JetStream once, however often it is retried", async () => {
    const { storeId, credential } = store(1);
    const token = await displayTokenFor(base(), storeId, credential);
    const feedbackId = "8d5f2c1e-5b7a-4c3e-9a51-0e2a3b4c5d6e";
    const body = { feedbackId, customerPseudonym: "pseudo-ana", kind: "suggestion_taken", itemId: "iced-caramel-macchiato" };
    const first = await callGateway(base(), "POST", `/v1/stores/${storeId}/feedback`, { bearer: token, body });
    assert.deepEqual([first.status, first.body], [202, { feedbackId, duplicate: false }]);
    const retry = await callGateway(base(), "POST", `/v1/stores/${storeId}/feedback`, { bearer: token, body });
    assert.deepEqual([retry.status, retry.body], [202, { feedbackId, duplicate: true }]);
    assertProblem(
      await callGateway(base(), "POST", `/v1/stores/${storeId}/feedback`, { bearer: token, body: { ...body, kind: "liked_it" } }),
      400,
      /must be one of served_usual, suggestion_taken, suggestion_declined, dont_suggest_again/,
      "kind",
    );
    assertProblem(
      await callGateway(base(), "POST", `/v1/stores/${storeId}/feedback`, {
        bearer: token,
        body: { ...body, itemId: undefined },
      }),
      400,
      /required for suggestion_taken/,
      "itemId",
    );
    const jsm = await jetstreamManager(nc);
    const subject = subjects.staffFeedback(world.brandId, storeId);
    const stored = await jsm.streams.getMessage(streams.staffFeedback, { last_by_subj: subject });
    assert.ok(stored);
    const feedback = fromBinary(StaffFeedbackSchema, stored.data);
    assert.equal(feedback.feedbackId, feedbackId);
    assert.equal(feedback.kind, StaffFeedbackKind.SUGGESTION_TAKEN);
    assert.equal(feedback.itemId, "iced-caramel-macchiato");
    assert.equal(feedback.customerPseudonym, "pseudo-ana");
    assert.equal(feedback.brandId, world.brandId);
    const info = await jsm.streams.info(streams.staffFeedback, { subjects_filter: subject });
    assert.equal(info.state.subjects?.[subject], 1, "the retry was stored once");
  });

  it("gateway - a display that reconnects with Last-Event-ID gets exactly the events it missed", async () => {
    const { storeId, credential } = store(0);
    const token = await displayTokenFor(base(), storeId, credential);
    const first = await openLiveStream(base(), storeId, token);
    assert.equal(first.status, 200);
    await first.next((event) => event.name === "ready", 10_000);
    publishPresenceEvent(nc, world.brandId, storeId, PresenceEventKind.ARRIVED, "pseudo-jeff", {
      greetingName: "Jeff",
      choices: [{ choiceId: "usual", label: "Regular order", answer: "Tall drip Pike" }],
    });
    const arrived = await first.next((event) => event.name === "arrived", 10_000);
    assert.equal(arrived.data.customerPseudonym, "pseudo-jeff");
    assert.equal(arrived.data.card.greetingName, "Jeff");
    assert.match(arrived.id ?? "", /^\d+$/);
    first.close();

    // Missed while disconnected: Jeff leaves, Ana arrives; another store's event must not show.
    publishPresenceEvent(nc, world.brandId, storeId, PresenceEventKind.LEFT, "pseudo-jeff");
    publishPresenceEvent(nc, world.brandId, store(1).storeId, PresenceEventKind.ARRIVED, "pseudo-elsewhere");
    publishPresenceEvent(nc, world.brandId, storeId, PresenceEventKind.ARRIVED, "pseudo-ana");
    await nc.flush();

    const resumed = await openLiveStream(base(), storeId, token, arrived.id);
    await resumed.next((event) => event.data.customerPseudonym === "pseudo-ana", 10_000);
    resumed.close();
    const seen = resumed.events.map(
      (event) => `${event.name}:${event.data.customerPseudonym ?? (event.data.resumed ? "resumed" : "afresh")}`,
    );
    assert.deepEqual(seen, ["ready:resumed", "left:pseudo-jeff", "arrived:pseudo-ana"]);
    const ids = resumed.events.slice(1).map((event) => Number(event.id));
    assert.ok((ids[0] ?? 0) > Number(arrived.id) && (ids[1] ?? 0) > (ids[0] ?? 0), `ids increase: ${ids.join(",")}`);

    const lost = await openLiveStream(base(), storeId, token, "999999999");
    await lost.next((event) => event.name === "ready", 10_000);
    lost.close();
    assert.deepEqual(
      lost.events.slice(0, 2).map((event) => event.name),
      ["reset", "ready"],
      "an id the stream no longer holds starts afresh",
    );

    assert.equal((await openLiveStream(base(), storeId, token, "seven")).status, 400);
    const logs = running.mesh.logs("gateway").join("\n");
    assert.ok(!logs.includes(token) && !logs.includes(credential), "the gateway logs no token or credential");
  });
});
