import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { ConfigError } from "#libs/config/src/index.js";
import { verifyAccessToken } from "#libs/credentials/src/index.js";
import { UnauthenticatedError } from "#libs/errors/src/index.js";
import { loadConfig } from "../../../../services/identity/src/config.js";
import { AccessTokenIssuer } from "../../../../services/identity/src/domain/access-tokens.js";
import { isCurrentSecret, newRefreshToken, parseRefreshToken } from "../../../../services/identity/src/domain/refresh-tokens.js";
import { parseSigningKeys, SigningKeyError } from "../../../../services/identity/src/domain/signing-keys.js";

const seed = () => randomBytes(32).toString("hex");
const baseEnv = {
  IDENTITY_MASTER_KEYS: `1:${randomBytes(16).toString("hex")}`,
  IDENTITY_PSEUDONYM_SECRET: randomBytes(32).toString("hex"),
  IDENTITY_OPERATOR_CREDENTIAL: randomBytes(32).toString("base64url"),
};

describe("identity - tokens", () => {
  it("identity - parses token keys; the last signs unless IDENTITY_TOKEN_ACTIVE_KID says otherwise", () => {
    const env = { ...baseEnv, IDENTITY_TOKEN_KEYS: `old:${seed()}, new:${seed()}` };
    assert.equal(loadConfig(env).activeTokenKey.kid, "new");
    assert.equal(loadConfig({ ...env, IDENTITY_TOKEN_ACTIVE_KID: "old" }).activeTokenKey.kid, "old");
    assert.throws(() => loadConfig({ ...env, IDENTITY_TOKEN_ACTIVE_KID: "gone" }), /IDENTITY_TOKEN_ACTIVE_KID must name a kid/);
    assert.throws(() => loadConfig({ ...env, IDENTITY_TOKEN_KEYS: "k1:abcd" }), ConfigError);
    assert.throws(() => loadConfig(baseEnv), /IDENTITY_TOKEN_KEYS is required/);
    assert.throws(() => parseSigningKeys(`a:${seed()},a:${seed()}`), SigningKeyError);
    assert.throws(() => loadConfig({ ...env, IDENTITY_RATE_LIMIT_SIGN_IN: "ten" }), /IDENTITY_RATE_LIMIT_SIGN_IN must be/);
  });

  it("identity - an issued token verifies for its audiences only, and not once its key is no longer known", async () => {
    const [old, current] = parseSigningKeys(`old:${seed()},current:${seed()}`) as [never, never];
    const issuer = new AccessTokenIssuer([old, current], current, 600);
    const { token, expiresAt } = await issuer.issue("customer-1", ["usual.consent"]);
    assert.equal(decodeJwt(token).exp, expiresAt.getTime() / 1000);
    assert.equal((await verifyAccessToken(token, issuer.verificationKeys, "usual.consent")).customerId, "customer-1");
    await assert.rejects(verifyAccessToken(token, issuer.verificationKeys, "usual.presence"), /aud/);
    const withoutCurrent = new AccessTokenIssuer([old], old, 600);
    await assert.rejects(verifyAccessToken(token, withoutCurrent.verificationKeys, "usual.consent"), UnauthenticatedError);
    assert.deepEqual(
      issuer.jwks().keys.map((key) => key.kid),
      ["old", "current"],
    );
    assert.ok(!JSON.stringify(issuer.jwks()).includes('"d"'), "no private part is published");
  });

  it("identity - refresh tokens parse back; only the current secret matches", () => {
    const { token, hash } = newRefreshToken("customer_1-x", "family-0123456789ab");
    const parsed = parseRefreshToken(token);
    assert.equal(parsed?.customerId, "customer_1-x");
    assert.equal(parsed?.familyId, "family-0123456789ab");
    assert.ok(parsed && isCurrentSecret(parsed.secret, hash));
    assert.ok(parsed && !isCurrentSecret(parsed.secret, newRefreshToken("c", "family-0123456789ab").hash));
    for (const bad of ["", "a~b~c", `${token}~x`, token.replace(/~/g, ".")]) assert.equal(parseRefreshToken(bad), undefined);
  });
});
