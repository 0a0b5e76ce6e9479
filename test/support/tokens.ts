// Token-signing keys a test knows, so it can forge access tokens identity would sign (expired,
// for another audience, under a retired key) and check every service refuses the wrong ones.
import { randomBytes } from "node:crypto";
import { type JWTPayload, SignJWT } from "jose";
import { type SigningKey, signingKeyFromSeed } from "../../services/identity/src/domain/signing-keys.js";

export type KnownTokenKeys = {
  /** IDENTITY_TOKEN_KEYS for identity: both keys, the second active. */
  readonly env: string;
  readonly retired: SigningKey;
  readonly active: SigningKey;
  /** A key identity does not know. */
  readonly stranger: SigningKey;
};

export function knownTokenKeys(): KnownTokenKeys {
  const seeds = [randomBytes(32), randomBytes(32), randomBytes(32)] as const;
  return {
    env: `retired:${seeds[0].toString("hex")},active:${seeds[1].toString("hex")}`,
    retired: signingKeyFromSeed("retired", seeds[0]),
    active: signingKeyFromSeed("active", seeds[1]),
    stranger: signingKeyFromSeed("stranger", seeds[2]),
  };
}

export type ForgedToken = {
  readonly key: SigningKey;
  readonly kid?: string;
  readonly typ?: string;
  readonly claims: JWTPayload;
};

/** Signs a token the way identity does, with whatever header and claims the test wants. */
export function forgeToken({ key, kid = key.kid, typ = "at+jwt", claims }: ForgedToken): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid, typ }).sign(key.privateKey);
}

export function accessClaims(customerId: string, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: "usual.identity",
    sub: customerId,
    aud: ["usual.identity", "usual.consent"],
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}
