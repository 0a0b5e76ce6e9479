// The Ed25519 keys access tokens are signed with, from IDENTITY_TOKEN_KEYS. Several may be
// configured at once: one signs, all verify (and are published), so keys rotate without downtime.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

export type SigningKey = {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** The public half as a JWK (kty OKP, crv Ed25519, x), with kid, alg and use. */
  readonly publicJwk: Readonly<Record<string, string>>;
};

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export class SigningKeyError extends Error {
  override name = "SigningKeyError";
}

export function signingKeyFromSeed(kid: string, seed: Buffer): SigningKey {
  if (seed.length !== 32) throw new SigningKeyError("an Ed25519 seed is 32 bytes");
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const { kty, crv, x } = createPublicKey(privateKey).export({ format: "jwk" });
  return { kid, privateKey, publicJwk: { kty: kty ?? "OKP", crv: crv ?? "Ed25519", x: x ?? "", kid, alg: "EdDSA", use: "sig" } };
}

/** `<kid>:<64 hex digits>` entries, comma-separated; kid is 1–32 of [A-Za-z0-9_-]. */
export function parseSigningKeys(text: string): SigningKey[] {
  const keys = text.split(",").map((entry) => {
    const match = /^([A-Za-z0-9_-]{1,32}):([0-9a-fA-F]{64})$/.exec(entry.trim());
    if (!match?.[1] || !match[2]) {
      throw new SigningKeyError('entries must be "<kid>:<64 hex digits>" (kid: 1-32 of A-Z a-z 0-9 _ -), comma-separated');
    }
    return signingKeyFromSeed(match[1], Buffer.from(match[2], "hex"));
  });
  if (new Set(keys.map((key) => key.kid)).size !== keys.length) throw new SigningKeyError("two keys share a kid");
  return keys;
}
