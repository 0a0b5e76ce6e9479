// The gateway as a customer's app and a brand's back office meet it: sign-in and tokens, devices,
// the programme, consents with their receipts, what each brand sees, export and erasure; the
// brand's notices and choices; and problem+json for bad input, naming the field.
import assert from "node:assert/strict";
import { type Answer, assertProblem, callGateway } from "../support/gateway.js";
import { withMesh } from "../support/mesh.js";
import { registerBrand } from "../support/world.js";

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
  dontAskOptions: [{ itemId: "receipt", label: "Paper receipt" }],
};

function ok(answer: Answer, status = 200) {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  return answer.body;
}

describe("e2e - gateway customer and brand routes", function () {
  this.timeout(60_000);
  const running = withMesh(["identity", "consent", "presence", "gateway"]);
  let world: Awaited<ReturnType<typeof registerBrand>>;
  const base = () => running.mesh.gatewayHttpUrl ?? "";
  const brand = () => ({ bearer: world.brandCredential });

  before(async () => {
    world = await registerBrand(running.mesh, ["pike-place"]);
    for (const purpose of ["recognition", "greet_by_name", "preferences"]) {
      const body = { purpose, version: 1, text: `Northwind uses ${purpose} to serve you faster.` };
      ok(await callGateway(base(), "POST", `/v1/brands/${world.brandId}/notices`, { ...brand(), body }), 201);
    }
    ok(await callGateway(base(), "PUT", `/v1/brands/${world.brandId}/choices`, { ...brand(), body: CHOICES }));
  });

  async function registerCustomer(displayName: string) {
    return ok(await callGateway(base(), "POST", "/v1/customers", { body: { displayName } }), 201);
  }

  it("gateway - a customer registers, signs in, refreshes and signs out; a spent refresh token is refused", async () => {
    const registered = await registerCustomer("Jeff");
    assert.match(registered.customerId, /^[A-Za-z0-9_-]{22}$/);
    const signedIn = ok(await callGateway(base(), "POST", "/v1/customers/sign-in", { bearer: registered.customerCredential }));
    assert.equal(signedIn.customerId, registered.customerId);
    const { refreshToken } = signedIn.tokens;
    const refreshed = ok(await callGateway(base(), "POST", "/v1/customers/tokens/refresh", { body: { refreshToken } }));
    assert.notEqual(refreshed.refreshToken, refreshToken);
    assert.ok(ok(await callGateway(base(), "GET", "/v1/me/consents", { bearer: refreshed.accessToken })).brands);
    assertProblem(
      await callGateway(base(), "POST", "/v1/customers/tokens/refresh", { body: { refreshToken } }),
      401,
      /already used/,
    );
    const again = ok(await callGateway(base(), "POST", "/v1/customers/sign-in", { bearer: registered.customerCredential }));
    assert.equal(
      (await callGateway(base(), "POST", "/v1/customers/tokens/sign-out", { body: { refreshToken: again.tokens.refreshToken } }))
        .status,
      204,
    );
    assertProblem(
      await callGateway(base(), "POST", "/v1/customers/tokens/refresh", { body: { refreshToken: again.tokens.refreshToken } }),
      401,
      /sign in again/,
    );
    assertProblem(
      await callGateway(base(), "GET", "/v1/me/consents", { bearer: registered.customerCredential }),
      401,
      /access token/,
    );
    assertProblem(await callGateway(base(), "POST", "/v1/customers/sign-in", { bearer: world.brandCredential }), 403, /.+/);
  });

  it("gateway - a customer pairs, lists and unpairs wearables", async () => {
    const { tokens } = await registerCustomer("Maya");
    const bearer = tokens.accessToken;
    const paired = ok(
      await callGateway(base(), "POST", "/v1/me/devices", { bearer, body: { kind: "band", model: "Band 3", label: "right" } }),
      201,
    );
    assert.equal(paired.keyBundle.dailyKeys.length, 7);
    assert.equal(Buffer.from(paired.keyBundle.dailyKeys[0].key, "base64").length, 16);
    const listed = ok(await callGateway(base(), "GET", "/v1/me/devices", { bearer }));
    assert.deepEqual(
      listed.devices.map((device: { deviceId: string; kind: string; label: string }) => [
        device.deviceId,
        device.kind,
        device.label,
      ]),
      [[paired.deviceId, "band", "right"]],
    );
    assert.equal((await callGateway(base(), "DELETE", `/v1/me/devices/${paired.deviceId}`, { bearer })).status, 204);
    assert.deepEqual(ok(await callGateway(base(), "GET", "/v1/me/devices", { bearer })).devices, []);
    assertProblem(await callGateway(base(), "POST", "/v1/me/devices", { bearer, body: { kind: "ring" } }), 400, /watch/, "kind");
  });

  it("gateway - consents through REST: programme, grants with data, what the brand sees, revoke, export and erase", async () => {
    const { tokens, customerId } = await registerCustomer("Jeff Smith");
    const bearer = tokens.accessToken;
    const consents = `/v1/me/consents/${world.brandId}`;
    const notice = ok(await callGateway(base(), "GET", `/v1/brands/${world.brandId}/notices/greet_by_name`, { bearer }));
    assert.deepEqual([notice.version, notice.purpose], [1, "greet_by_name"]);
    assert.equal(ok(await callGateway(base(), "GET", `/v1/brands/${world.brandId}/choices`, { bearer })).choices.length, 2);

    assertProblem(
      await callGateway(base(), "PUT", `${consents}/recognition`, { bearer, body: { noticeVersion: 1 } }),
      400,
      /join the programme/,
    );
    const joined = ok(await callGateway(base(), "POST", "/v1/me/programme", { bearer, body: { noticeVersion: 1 } }));
    assert.deepEqual([joined.kind, joined.state], ["programme", "given"]);
    const recognition = ok(await callGateway(base(), "PUT", `${consents}/recognition`, { bearer, body: { noticeVersion: 1 } }));
    assert.deepEqual([recognition.brandId, recognition.purpose, recognition.state], [world.brandId, "recognition", "given"]);
    assert.equal(recognition.receipt.split(".").length, 3, "a compact JWS receipt");
    ok(
      await callGateway(base(), "PUT", `${consents}/greet_by_name`, { bearer, body: { noticeVersion: 1, greetingName: "Jeff" } }),
    );
    const answers = [
      { choiceId: "regular-order", optionId: "tall-drip-pike" },
      { choiceId: "room-for-cream", yes: true },
    ];
    ok(
      await callGateway(base(), "PUT", `${consents}/preferences`, {
        bearer,
        body: { noticeVersion: 1, answers, dontAsk: ["receipt"] },
      }),
    );

    const listed = ok(await callGateway(base(), "GET", "/v1/me/consents", { bearer }));
    assert.equal(listed.programme.state, "given");
    const seen = listed.brands.find((entry: { brandId: string }) => entry.brandId === world.brandId);
    assert.equal(seen.recognised, true);
    assert.match(seen.pseudonym, /^[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(seen.card, {
      greetingName: "Jeff",
      choices: [
        { choiceId: "regular-order", label: "Regular order", answer: "Tall drip Pike" },
        { choiceId: "room-for-cream", label: "Room for cream", answer: "Yes" },
      ],
      dontAsk: [{ itemId: "receipt", label: "Paper receipt" }],
    });

    const revoked = ok(await callGateway(base(), "DELETE", `${consents}/greet_by_name`, { bearer }));
    assert.deepEqual([revoked.purpose, revoked.state], ["greet_by_name", "withdrawn"]);
    const after = ok(await callGateway(base(), "GET", "/v1/me/consents", { bearer }));
    assert.equal(after.brands[0].card.greetingName, undefined, "the brand no longer sees the name");

    const exported = await callGateway(base(), "GET", "/v1/me/export", { bearer });
    assert.match(exported.headers.get("content-disposition") ?? "", /attachment; filename="usual-export.json"/);
    assert.equal(exported.body.format, "usual.customer-export.v1");
    assert.equal(exported.body.customerId, customerId);
    assert.ok(exported.body.consent.ledger.some((entry: { purpose: string }) => entry.purpose === "preferences"));

    const verified = ok(await callGateway(base(), "GET", "/v1/me/ledger/verification", { bearer }));
    assert.deepEqual([verified.intact, verified.entriesChecked], [true, 5]);
    assert.equal(ok(await callGateway(base(), "GET", "/v1/receipt-keys")).keys[0].crv, "Ed25519");

    const erased = ok(await callGateway(base(), "DELETE", "/v1/me", { bearer }));
    assert.equal(erased.record.kind, "erasure");
    const empty = ok(await callGateway(base(), "GET", "/v1/me/consents", { bearer }));
    assert.ok(
      empty.brands.every((entry: { card: object; recognised: boolean }) => !entry.recognised),
      JSON.stringify(empty),
    );
    assertProblem(
      await callGateway(base(), "PUT", `${consents}/recognition`, { bearer, body: { noticeVersion: 1 } }),
      400,
      /erased/,
    );
    assert.equal(ok(await callGateway(base(), "GET", "/v1/me/export", { bearer })).erased, true);
  });

  it("gateway - serves the consent centre as the gateway's own page, under the page CSP, and documents every customer route", async () => {
    const page = await callGateway(base(), "GET", "/centre/");
    assert.equal(page.status, 200);
    assert.match(page.body, /centre\.js/);
    assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self'/);
    const notice = await callGateway(base(), "GET", "/centre/programme-notice.json");
    assert.equal(notice.body.version, 1);
    const spec = (await callGateway(base(), "GET", "/openapi.json")).body;
    for (const path of [
      "/v1/customers",
      "/v1/customers/sign-in",
      "/v1/me/consents/{brandId}/{purpose}",
      "/v1/me/export",
      "/v1/me",
    ]) {
      assert.ok(spec.paths[path], `${path} is documented`);
    }
  });

  it("gateway - refuses bad customer and brand input with problem+json naming the field", async () => {
    const { tokens } = await registerCustomer("Priya");
    const bearer = tokens.accessToken;
    ok(await callGateway(base(), "POST", "/v1/me/programme", { bearer, body: { noticeVersion: 1 } }));
    const preferences = `/v1/me/consents/${world.brandId}/preferences`;
    const refused = ok(
      await callGateway(base(), "POST", `/v1/me/consents/${world.brandId}/recognition/refusals`, {
        bearer,
        body: { noticeVersion: 1 },
      }),
    );
    assert.deepEqual([refused.purpose, refused.state], ["recognition", "refused"]);
    assertProblem(
      await callGateway(base(), "PUT", preferences, { bearer, body: { noticeVersion: 1, colour: "red" } }),
      400,
      /excess property/,
      "colour",
    );
    assertProblem(
      await callGateway(base(), "PUT", preferences, { bearer, body: { noticeVersion: "1" } }),
      400,
      /number/,
      "noticeVersion",
    );
    assertProblem(
      await callGateway(base(), "PUT", preferences, {
        bearer,
        body: { noticeVersion: 1, answers: [{ choiceId: "regular-order", optionId: "venti" }] },
      }),
      400,
      /not an option/,
      "answers[0].optionId",
    );
    assertProblem(
      await callGateway(base(), "PUT", preferences, {
        bearer,
        body: { noticeVersion: 1, answers: [{ choiceId: "regular-order" }] },
      }),
      400,
      /exactly one of optionId/,
      "answers[0]",
    );
    assertProblem(
      await callGateway(base(), "PUT", `/v1/me/consents/${world.brandId}/gossip`, { bearer, body: { noticeVersion: 1 } }),
      400,
      /recognition/,
      "purpose",
    );
    assertProblem(
      await callGateway(base(), "PUT", `/v1/me/consents/${world.brandId}/greet_by_name`, {
        bearer,
        body: { noticeVersion: 1, greetingName: "x".repeat(61) },
      }),
      400,
      /at most 60/,
      "greetingName",
    );
    assertProblem(
      await callGateway(base(), "PUT", `/v1/me/consents/${world.brandId}/recognition`, { bearer, body: { noticeVersion: 9 } }),
      400,
      /no version 9/,
      "noticeVersion",
    );
    assertProblem(
      await callGateway(base(), "POST", "/v1/customers", { body: { displayName: "x".repeat(300_000) } }),
      413,
      /larger than/,
    );
    assertProblem(await callGateway(base(), "GET", "/v1/me/consents"), 401, /missing credential/);

    // Brands: their own id only, their credential only, choices that hold together.
    assertProblem(
      await callGateway(base(), "POST", "/v1/brands/someone-else/notices", {
        ...brand(),
        body: { purpose: "recognition", version: 1, text: "x" },
      }),
      403,
      /not someone-else/,
    );
    assertProblem(
      await callGateway(base(), "POST", `/v1/brands/${world.brandId}/notices`, {
        bearer,
        body: { purpose: "recognition", version: 2, text: "x" },
      }),
      403,
      /brand's credential/,
    );
    assertProblem(
      await callGateway(base(), "POST", `/v1/brands/${world.brandId}/notices`, {
        ...brand(),
        body: { purpose: "recognition", version: 1, text: "again" },
      }),
      409,
      /already published/,
    );
    assertProblem(
      await callGateway(base(), "PUT", `/v1/brands/${world.brandId}/choices`, {
        ...brand(),
        body: { choices: [{ choiceId: "size", label: "Size", kind: "one_of" }], dontAskOptions: [] },
      }),
      400,
      /required for a one_of/,
      "choices[0].options",
    );
    assertProblem(
      await callGateway(base(), "PUT", `/v1/brands/${world.brandId}/choices`, {
        ...brand(),
        body: {
          choices: [
            {
              choiceId: "size",
              label: "Size",
              kind: "one_of",
              options: [
                { optionId: "tall", label: "Tall" },
                { optionId: "tall", label: "Tall" },
              ],
            },
          ],
          dontAskOptions: [],
        },
      }),
      400,
      /defined twice/,
      "choices[0].options[1].optionId",
    );
    assertProblem(
      await callGateway(base(), "GET", `/v1/brands/${world.brandId}/notices/insights`, { bearer }),
      404,
      /published no insights notice/,
    );
    ok(
      await callGateway(base(), "PUT", `/v1/me/consents/${world.brandId}/greet_by_name`, {
        bearer,
        body: { noticeVersion: 1, greetingName: "P" },
      }),
    );
    const left = ok(await callGateway(base(), "DELETE", "/v1/me/programme", { bearer }));
    assert.deepEqual([left.record.kind, left.record.state], ["programme", "withdrawn"]);
    assert.deepEqual(
      left.withdrawn.map((record: { purpose: string; state: string }) => [record.purpose, record.state]),
      [["greet_by_name", "withdrawn"]],
    );
  });
});
