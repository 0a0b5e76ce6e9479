import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { UnauthenticatedError } from "#libs/errors/src/index.js";
import { createDisplayTokens, looksLikeDisplayToken } from "../../../../services/gateway/src/access/display-token.js";

describe("gateway - display tokens", () => {
  const grant = { brandId: "northwind", storeId: "pike-place", storeCredential: "store-secret-credential" };

  it("gateway - opens what it issued, and the store credential inside is not readable from the token", async () => {
    const tokens = createDisplayTokens(randomBytes(32));
    const { token, expiresAt } = await tokens.issue(grant, 3600);
    assert.ok(looksLikeDisplayToken(token));
    assert.ok(!Buffer.from(token.replace(/\./g, ""), "base64url").toString("latin1").includes(grant.storeCredential));
    const opened = await tokens.open(token);
    assert.deepEqual({ ...opened, expiresAt: undefined }, { ...grant, expiresAt: undefined });
    assert.equal(opened.expiresAt.getTime(), expiresAt.getTime());
  });

  it("gateway - refuses a token of another key, a tampered one and an expired one", async () => {
    const tokens = createDisplayTokens(randomBytes(32));
    const { token } = await tokens.issue(grant, 3600);
    await assert.rejects(createDisplayTokens(randomBytes(32)).open(token), UnauthenticatedError);
    const parts = token.split(".");
    parts[3] = `${parts[3]?.startsWith("A") ? "B" : "A"}${parts[3]?.slice(1)}`;
    await assert.rejects(tokens.open(parts.join(".")), UnauthenticatedError);
    const expired = await tokens.issue(grant, -5);
    await assert.rejects(tokens.open(expired.token), /expired/);
  });

  it("gateway - identity's credentials and signed tokens are not taken for display tokens", () => {
    assert.equal(looksLikeDisplayToken(randomBytes(32).toString("base64url")), false);
    assert.equal(looksLikeDisplayToken("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"), false);
  });
});
