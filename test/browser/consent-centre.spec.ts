// The consent centre in a real browser at phone size, against the running mesh: a customer
// registers, joins the programme, grants a brand recognition, greet_by_name and preferences,
// sees what the brand's counter sees, stops recognition with one tap (the next sighting shows
// nothing on the counter display), downloads the export and erases everything. The steps build
// on each other, as one customer's afternoon does.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Browser, Page } from "playwright-core";
import { ConsentService } from "#gen/usual/consent/v1/consent_pb.js";
import { PresenceEventKind } from "#gen/usual/presence/v1/events_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats } from "#libs/nats/src/index.js";
import { rollingIdAt } from "#libs/rolling-id/src/index.js";
import { grantRecognition } from "../support/consent.js";
import { callGateway, displayTokenFor } from "../support/gateway.js";
import { withMesh } from "../support/mesh.js";
import { listenToStore, sleep } from "../support/presence-events.js";
import { registerBrand, registerCustomerWithWatch, type TestCustomer } from "../support/world.js";
import { ARTIFACTS_DIR, launchChromium, SIZES } from "./chromium.js";

const ABSENCE_MS = 2_000;
const CHOICES = {
  choices: [
    {
      choiceId: "regular-order",
      label: "Regular order",
      kind: "one_of",
      options: [
        { optionId: "tall-drip-pike", label: "Tall drip Pike" },
        { optionId: "flat-white", label: "Flat white" },
      ],
    },
    { choiceId: "room-for-cream", label: "Room for cream", kind: "yes_no" },
  ],
  dontAskOptions: [
    { itemId: "receipt", label: "Paper receipt" },
    { itemId: "loyalty", label: "Loyalty card" },
  ],
};
const NOTICES: Record<string, string> = {
  recognition: "Our stores recognise your watch when you walk in, so the counter can get your usual started.",
  greet_by_name: "The barista sees the name you give here and greets you with it.",
  preferences: "The counter sees your answers below, and never asks what you asked us not to.",
};

describe("browser - the consent centre", function () {
  this.timeout(120_000);
  const running = withMesh(["identity", "consent", "presence", "gateway"], {
    extraEnv: { PRESENCE_VISIT_ABSENCE_MS: String(ABSENCE_MS) },
  });
  let browser: Browser;
  let nc: NatsConnection;
  let centre: Page;
  let world: Awaited<ReturnType<typeof registerBrand>>;
  let maya: TestCustomer;
  let displayToken: string;
  /** Jeff's wearable, paired through the gateway with the token the centre holds. */
  let jeffKeys: { day: number; key: string }[] = [];
  let jeffPseudonym = "";
  const base = () => running.mesh.gatewayHttpUrl ?? "";
  const store = () => world.stores[0] as { storeId: string; credential: string };
  const form = (purpose: string) => centre.locator(`form.purpose[data-purpose="${purpose}"]`);

  before(async function () {
    this.timeout(60_000);
    browser = await launchChromium();
    nc = await connectNats(running.infrastructure.nats.url, "centre-test");
    world = await registerBrand(running.mesh, ["pike-place"]);
    for (const [purpose, text] of Object.entries(NOTICES)) {
      const answer = await callGateway(base(), "POST", `/v1/brands/${world.brandId}/notices`, {
        bearer: world.brandCredential,
        body: { purpose, version: 1, text },
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    }
    const choices = await callGateway(base(), "PUT", `/v1/brands/${world.brandId}/choices`, {
      bearer: world.brandCredential,
      body: CHOICES,
    });
    assert.equal(choices.status, 200, JSON.stringify(choices.body));
    // Maya, recognised throughout: her arrival after Jeff's sighting shows that sighting was handled.
    maya = await registerCustomerWithWatch(running.mesh.addresses.identity, "Maya");
    const consent = createServiceClient(ConsentService, running.mesh.addresses.consent);
    try {
      await grantRecognition(consent, { brandId: world.brandId, brandCredential: world.brandCredential }, maya);
    } finally {
      consent.close();
    }
    displayToken = await displayTokenFor(base(), store().storeId, store().credential);
    centre = await browser.newPage({ viewport: SIZES.phone });
  });
  after(async () => {
    await browser?.close();
    await nc?.close();
  });

  const session = async () =>
    JSON.parse((await centre.evaluate<string | null>('sessionStorage.getItem("usual.centre.session")')) ?? "null") as {
      customerId: string;
      accessToken: string;
    };

  function jeffRollingId(ms: number): Buffer {
    const key = jeffKeys.find((entry) => entry.day === Math.floor(ms / 86_400_000))?.key;
    if (!key) throw new Error("no daily key for today");
    return rollingIdAt(Buffer.from(key, "base64"), ms / 1000);
  }

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

  async function openDisplay(): Promise<Page> {
    const page = await browser.newPage({ viewport: SIZES.counter });
    await page.goto(`${base()}/display/#store=${store().storeId}&token=${displayToken}`);
    await page.locator('body[data-live="true"]').waitFor({ timeout: 15_000 });
    return page;
  }

  const cardOf = (page: Page, pseudonym: string) => page.locator(`li.card[data-pseudonym="${pseudonym}"]:not([data-leaving])`);

  it("browser - a customer joins, grants a brand recognition, greet_by_name and preferences, and sees what its counter sees", async () => {
    await centre.goto(`${base()}/centre/?brand=${world.brandId}`);
    await centre.locator('body[data-screen="sign-in"]').waitFor({ timeout: 10_000 });
    await centre.screenshot({ path: join(ARTIFACTS_DIR, "centre-sign-in-phone.png"), animations: "disabled" });
    await centre.getByLabel("Your name").fill("Jeff Smith");
    await centre.getByRole("button", { name: "Create my account" }).click();
    await centre.locator("#sign-in-key").waitFor({ timeout: 10_000 });
    assert.match(await centre.locator("#sign-in-key").innerText(), /^[A-Za-z0-9_-]{40,}$/);
    await centre.getByRole("button", { name: "I have kept it safe" }).click();

    await centre.locator('body[data-screen="programme"]').waitFor({ timeout: 10_000 });
    assert.match(await centre.locator("main").innerText(), /shares nothing with any brand by itself/);
    await centre.screenshot({ path: join(ARTIFACTS_DIR, "centre-programme-phone.png"), animations: "disabled" });
    await centre.getByRole("button", { name: "Join the programme" }).click();

    await form("recognition").waitFor({ timeout: 10_000 });
    assert.match(await form("recognition").innerText(), /recognise your watch when you walk in/, "the brand's notice is shown");
    assert.match(await centre.locator(".preview").innerText(), /does not recognise you/);
    await form("recognition").getByRole("button", { name: "Allow" }).click();
    await centre.locator('form.purpose[data-purpose="recognition"][data-state="given"]').waitFor({ timeout: 10_000 });
    assert.match(await centre.locator("#message").innerText(), /recognition: given .* Receipt [0-9a-f]{12}/);

    await form("greet_by_name").getByLabel("Name to greet you by").fill("Jeff");
    await form("greet_by_name").getByRole("button", { name: "Allow" }).click();
    await centre.locator('form.purpose[data-purpose="greet_by_name"][data-state="given"]').waitFor({ timeout: 10_000 });

    await form("preferences").getByLabel("Regular order").selectOption({ label: "Tall drip Pike" });
    await form("preferences").getByLabel("Room for cream").selectOption({ label: "Yes" });
    await form("preferences").getByLabel("Paper receipt").check();
    await form("preferences").getByRole("button", { name: "Allow" }).click();
    await centre.locator('form.purpose[data-purpose="preferences"][data-state="given"]').waitFor({ timeout: 10_000 });

    const preview = centre.locator(".preview");
    assert.match(await preview.locator(".greeting").innerText(), /^Good (morning|afternoon|evening) Jeff$/);
    assert.match(await preview.locator(".usual").innerText(), /Regular order\s+Tall drip Pike\s+Room for cream\s+Yes/);
    assert.match(await preview.locator(".dont-ask").innerText(), /Don't ask\s+Paper receipt$/i);
    await centre.screenshot({ path: join(ARTIFACTS_DIR, "centre-granted-phone.png"), fullPage: true, animations: "disabled" });

    // What the page shows is what consent holds; the tokens never reached the address bar.
    assert.doesNotMatch(centre.url(), /token|ey[A-Za-z0-9_-]{10,}\./);
    const { accessToken } = await session();
    const listed = await callGateway(base(), "GET", "/v1/me/consents", { bearer: accessToken });
    const seen = listed.body.brands.find((brand: { brandId: string }) => brand.brandId === world.brandId);
    assert.equal(seen.card.greetingName, "Jeff");
    assert.deepEqual(seen.card.dontAsk, [{ itemId: "receipt", label: "Paper receipt" }]);
    jeffPseudonym = seen.pseudonym;
    const paired = await callGateway(base(), "POST", "/v1/me/devices", { bearer: accessToken, body: { kind: "watch" } });
    assert.equal(paired.status, 201, JSON.stringify(paired.body));
    jeffKeys = paired.body.keyBundle.dailyKeys;
  });

  it("browser - granting greet_by_name on the consent centre makes the display greet 'Jeff' on the next arrival, with the usual order and the don't-ask line", async () => {
    const display = await openDisplay();
    try {
      const card = cardOf(display, jeffPseudonym);
      // The resolver table learns Jeff's new watch in the background: sight him until he arrives.
      for (let attempt = 0; attempt < 60 && (await card.count()) === 0; attempt++) {
        await report(jeffRollingId(Date.now()));
        await sleep(250);
      }
      await card.waitFor({ timeout: 10_000 });
      assert.match(await card.locator(".greeting").innerText(), /^Good (morning|afternoon|evening) Jeff$/);
      assert.match(await card.locator(".usual").innerText(), /Regular order\s+Tall drip Pike[\s\S]*Room for cream\s+Yes/);
      assert.match(await card.locator(".dont-ask").innerText(), /don't ask[\s\S]*Paper receipt/i);
      assert.doesNotMatch(await card.innerText(), /Loyalty card/, "only what Jeff ticked");
      await display.screenshot({ path: join(ARTIFACTS_DIR, "display-centre-grant-counter.png"), animations: "disabled" });
      await card.waitFor({ state: "detached", timeout: ABSENCE_MS * 6 });
    } finally {
      await display.close();
    }
  });

  it("browser - stopping recognition with one tap on the consent centre makes the next sighting show nothing on the counter", async () => {
    const display = await openDisplay();
    const listener = listenToStore(nc, world.brandId, store().storeId);
    try {
      // Recognised while recognition is given (the resolver table fills in the background).
      const jeffArrived = () =>
        listener.events.some((event) => event.kind === PresenceEventKind.ARRIVED && event.customerPseudonym === jeffPseudonym);
      for (let attempt = 0; attempt < 60 && !jeffArrived(); attempt++) {
        await report(jeffRollingId(Date.now()));
        await sleep(250);
      }
      assert.ok(jeffArrived(), "Jeff is recognised before he stops it");
      await cardOf(display, jeffPseudonym).waitFor({ timeout: 10_000 });
      await cardOf(display, jeffPseudonym).waitFor({ state: "detached", timeout: ABSENCE_MS * 6 });

      await form("recognition").getByRole("button", { name: "Stop" }).click();
      await centre.locator('form.purpose[data-purpose="recognition"][data-state="withdrawn"]').waitFor({ timeout: 10_000 });
      assert.match(await centre.locator(".preview").innerText(), /does not recognise you/);
      await centre.screenshot({ path: join(ARTIFACTS_DIR, "centre-revoked-phone.png"), fullPage: true, animations: "disabled" });

      // Jeff's next sighting, then Maya's: Maya's card shows the store's sightings were handled in order.
      const from = listener.events.length;
      await report(jeffRollingId(Date.now()));
      const cards = display.locator("li.card:not([data-leaving])");
      for (let attempt = 0; attempt < 60 && (await cards.count()) === 0; attempt++) {
        await report(maya.rollingIdAt(Date.now()));
        await sleep(250);
      }
      await cards.first().waitFor({ timeout: 10_000 });
      const arrivals = listener.events.slice(from).filter((event) => event.kind === PresenceEventKind.ARRIVED);
      assert.ok(arrivals.length > 0, "Maya arrived");
      assert.ok(
        arrivals.every((event) => event.customerPseudonym !== jeffPseudonym),
        "Jeff is not recognised after stopping",
      );
      assert.equal(await cardOf(display, jeffPseudonym).count(), 0, "no card for Jeff on the counter");
      await display.screenshot({ path: join(ARTIFACTS_DIR, "display-after-revoke-counter.png"), animations: "disabled" });
    } finally {
      listener.close();
      await display.close();
    }
  });

  it("browser - the export downloads JSON holding the customer's consents, and erasing leaves nothing", async () => {
    const { accessToken, customerId } = await session();
    const downloading = centre.waitForEvent("download", { timeout: 15_000 });
    await centre.getByRole("button", { name: "Download my data" }).click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), "usual-export.json");
    const exported = JSON.parse(await readFile(await download.path(), "utf8"));
    assert.equal(exported.customerId, customerId);
    const brand = exported.consent.brands.find((entry: { brandId: string }) => entry.brandId === world.brandId);
    const states = Object.fromEntries(
      brand.purposes.map((entry: { purpose: string; state: string }) => [entry.purpose, entry.state]),
    );
    assert.deepEqual(states, { recognition: "withdrawn", greet_by_name: "given", preferences: "given" });
    assert.equal(brand.card.greetingName, "Jeff");

    await centre.getByRole("button", { name: "Erase everything" }).click();
    await centre.locator("#erase-dialog").getByText("cannot undo").waitFor({ timeout: 5_000 });
    await centre.screenshot({ path: join(ARTIFACTS_DIR, "centre-erase-confirm-phone.png"), animations: "disabled" });
    await centre.getByRole("button", { name: "Erase for good" }).click();
    await centre.locator('body[data-screen="erased"]').waitFor({ timeout: 15_000 });
    assert.equal(await centre.evaluate<number>("sessionStorage.length"), 0, "the tab keeps no token");

    const after = await callGateway(base(), "GET", "/v1/me/consents", { bearer: accessToken });
    for (const entry of after.body.brands) {
      assert.deepEqual([entry.recognised, entry.pseudonym, entry.card], [false, "", { choices: [], dontAsk: [] }]);
    }
    const erasedExport = await callGateway(base(), "GET", "/v1/me/export", { bearer: accessToken });
    assert.equal(erasedExport.body.erased, true);
    assert.doesNotMatch(JSON.stringify(erasedExport.body), /Jeff|Tall drip Pike/, "no name and no answer is left");
    const devices = await callGateway(base(), "GET", "/v1/me/devices", { bearer: accessToken });
    assert.ok(devices.status !== 200 || devices.body.devices.length === 0, JSON.stringify(devices.body));
  });
});
