// The counter display in a real browser against the running mesh: arrivals appear as cards,
// shared card fields render, staff buttons reach NATS, cards leave with the customer.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Browser, Page } from "playwright-core";
import { ConsentService } from "#gen/usual/consent/v1/consent_pb.js";
import { PresenceEventKind } from "#gen/usual/presence/v1/events_pb.js";
import { type StaffFeedback, StaffFeedbackKind, StaffFeedbackSchema } from "#gen/usual/recommendations/v1/feedback_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats, subjects } from "#libs/nats/src/index.js";
import { grantRecognition } from "../support/consent.js";
import { callGateway, displayTokenFor, publishPresenceEvent } from "../support/gateway.js";
import { withMesh } from "../support/mesh.js";
import { listenToStore, sleep } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch, type TestCustomer } from "../support/world.js";
import { ARTIFACTS_DIR, launchChromium, SIZES } from "./chromium.js";

const ABSENCE_MS = 2_000;

describe("browser - the counter display", function () {
  this.timeout(120_000);
  const running = withMesh(["identity", "consent", "presence", "gateway"], {
    extraEnv: { PRESENCE_VISIT_ABSENCE_MS: String(ABSENCE_MS) },
  });
  let browser: Browser;
  let nc: NatsConnection;
  let world: Awaited<ReturnType<typeof registerBrand>>;
  let jeff: TestCustomer;
  let token: string;
  const base = () => running.mesh.gatewayHttpUrl ?? "";
  const store = () => world.stores[0] as { storeId: string; credential: string };

  before(async function () {
    this.timeout(60_000);
    browser = await launchChromium();
    nc = await connectNats(running.infrastructure.nats.url, "display-test");
    world = await registerBrand(running.mesh, ["pike-place"]);
    jeff = await registerCustomerWithWatch(running.mesh.addresses.identity, "Jeff");
    const consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    try {
      await grantRecognition(consent, world, jeff);
    } finally {
      consent.close();
    }
    token = await displayTokenFor(base(), store().storeId, store().credential);
  });
  after(async () => {
    await browser?.close();
    await nc?.close();
  });

  async function openDisplay(size: keyof typeof SIZES): Promise<Page> {
    const page = await browser.newPage({ viewport: SIZES[size] });
    await page.goto(`${base()}/display/#store=${store().storeId}&token=${token}`);
    await page.locator('body[data-live="true"]').waitFor({ timeout: 15_000 });
    assert.equal(new URL(page.url()).hash, "", "the token leaves the address bar");
    return page;
  }

  /** Jeff's wearable heard by the store's beacon, reported through the gateway. */
  async function report(rollingId: Buffer): Promise<void> {
    const sighting = {
      rollingId: rollingId.toString("base64"),
      beaconId: "door",
      observedAt: new Date().toISOString(),
      rssi: -58,
    };
    const answer = await callGateway(base(), "POST", `/v1/stores/${store().storeId}/sightings`, {
      bearer: store().credential,
      body: { sightings: [sighting] },
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  }

  const cardOf = (page: Page, pseudonym: string) => page.locator(`li.card[data-pseudonym="${pseudonym}"]:not([data-leaving])`);

  it("browser - a sighting makes the card appear, a display opened later shows it too, and it leaves with the customer", async () => {
    const page = await openDisplay("counter");
    const listener = listenToStore(nc, world.brandId, store().storeId);
    try {
      // The resolver table fills in the background: sight Jeff until presence announces him.
      for (let attempt = 0; attempt < 60 && listener.events.length === 0; attempt++) {
        await report(jeff.rollingIdAt(Date.now()));
        await sleep(250);
      }
      const arrival = await listener.next(0, 1_000);
      assert.equal(arrival.kind, PresenceEventKind.ARRIVED);
      const card = cardOf(page, arrival.customerPseudonym);
      await card.waitFor({ timeout: 10_000 });
      assert.ok(arrival.observedAt);
      const shownAfterMs = Number(await card.getAttribute("data-shown-at")) - timestampMs(arrival.observedAt);
      console.log(`      card shown ${shownAfterMs} ms after the sighting that caused the arrival was heard`);
      const text = await card.innerText();
      assert.doesNotMatch(text, /Jeff/, "no name without greet_by_name");
      assert.match(text, /Welcome back/);
      await page.screenshot({ path: join(ARTIFACTS_DIR, "display-arrival-counter.png"), animations: "disabled" });

      // A display opened while Jeff is here shows him from presence's snapshot (he stays sighted meanwhile).
      const staying = new AbortController();
      const keepSighting = (async () => {
        while (!staying.signal.aborted) {
          await report(jeff.rollingIdAt(Date.now()));
          await sleep(250);
        }
      })();
      const later = await openDisplay("phone");
      try {
        await cardOf(later, arrival.customerPseudonym).waitFor({ timeout: 10_000 });
        await later.screenshot({ path: join(ARTIFACTS_DIR, "display-arrival-phone.png"), animations: "disabled" });
      } finally {
        staying.abort();
        await keepSighting;
      }

      // Jeff is no longer sighted: presence announces his departure and the card leaves both displays.
      await card.waitFor({ state: "detached", timeout: ABSENCE_MS * 6 });
      await cardOf(later, arrival.customerPseudonym).waitFor({ state: "detached", timeout: 10_000 });
      await later.close();
      assert.ok(listener.events.some((event) => event.kind === PresenceEventKind.LEFT));
      await page.locator("#empty:not([hidden])").waitFor({ timeout: 5_000 });
    } finally {
      listener.close();
      await page.close();
    }
  });

  it("browser - shows what the customer shared, and the staff buttons send feedback to NATS", async () => {
    const page = await openDisplay("counter");
    const received: StaffFeedback[] = [];
    const subscription = nc.subscribe(subjects.staffFeedback(world.brandId, store().storeId), {
      callback: (_error, msg) => {
        received.push(fromBinary(StaffFeedbackSchema, msg.data));
      },
    });
    const pseudonym = randomBytes(16).toString("base64url");
    const recognisedOnly = randomBytes(16).toString("base64url");
    try {
      // A presence event as presence publishes it when the customer shared a card (the contract).
      publishPresenceEvent(nc, world.brandId, store().storeId, PresenceEventKind.ARRIVED, pseudonym, {
        greetingName: "Jeff",
        choices: [
          { choiceId: "usual", label: "Regular order", answer: "Tall drip Pike" },
          { choiceId: "cream", label: "Room for cream", answer: "Yes" },
        ],
        dontAsk: [
          { itemId: "receipt", label: "Paper receipt" },
          { itemId: "loyalty", label: "Loyalty card" },
        ],
        suggestions: [
          { itemId: "iced-caramel-macchiato", label: "Iced caramel macchiato", reason: "because you love the caramel macchiato" },
        ],
      });
      publishPresenceEvent(nc, world.brandId, store().storeId, PresenceEventKind.ARRIVED, recognisedOnly);
      const card = cardOf(page, pseudonym);
      await card.waitFor({ timeout: 10_000 });
      await cardOf(page, recognisedOnly).waitFor({ timeout: 10_000 });
      assert.match(await card.locator(".greeting").innerText(), /^Good (morning|afternoon|evening) Jeff$/);
      assert.match(await card.locator(".usual").innerText(), /Regular order\s+Tall drip Pike/);
      assert.match(await card.locator(".dont-ask").innerText(), /don't ask[\s\S]*Paper receipt · Loyalty card/i);
      assert.match(
        await card.locator(".suggestion").innerText(),
        /Iced caramel macchiato[\s\S]*because you love the caramel macchiato/,
      );
      await page.screenshot({ path: join(ARTIFACTS_DIR, "display-card-counter.png"), animations: "disabled" });
      await page.setViewportSize(SIZES.phone);
      await page.screenshot({ path: join(ARTIFACTS_DIR, "display-card-phone.png"), fullPage: true, animations: "disabled" });
      await page.setViewportSize(SIZES.counter);

      await card.getByRole("button", { name: "Taken" }).click();
      await card.getByRole("button", { name: "Served the usual" }).click();
      await card.locator("button.sent").nth(1).waitFor({ timeout: 10_000 });
      for (let wait = 0; wait < 50 && received.length < 2; wait++) await sleep(100);
      const byKind = new Map(received.map((feedback) => [feedback.kind, feedback]));
      const taken = byKind.get(StaffFeedbackKind.SUGGESTION_TAKEN);
      assert.equal(taken?.itemId, "iced-caramel-macchiato");
      assert.equal(taken?.customerPseudonym, pseudonym);
      assert.equal(taken?.brandId, world.brandId);
      assert.equal(byKind.get(StaffFeedbackKind.SERVED_USUAL)?.itemId, "");
      await page.screenshot({ path: join(ARTIFACTS_DIR, "display-feedback-counter.png"), animations: "disabled" });

      publishPresenceEvent(nc, world.brandId, store().storeId, PresenceEventKind.LEFT, pseudonym);
      await card.waitFor({ state: "detached", timeout: 10_000 });
      assert.equal(await cardOf(page, recognisedOnly).count(), 1, "only the customer who left goes");
    } finally {
      subscription.unsubscribe();
      await page.close();
    }
  });
});
