import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A credential handed out once: 32 random bytes, base64url. Only its hash is stored. */
export function newCredential(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Credentials are looked up by their SHA-256, so no stored secret is ever compared byte by
 * byte with caller input (no timing oracle); 256 random bits need no slow KDF.
 */
export { credentialHash } from "#libs/credentials/src/index.js";

/** Compares a presented secret with the expected one in constant time (over their hashes). */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(createHash("sha256").update(presented).digest(), createHash("sha256").update(expected).digest());
}

/** Ids for customers and devices: 128 random bits, base64url (safe in NATS subjects and keys). */
export function newId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * How a brand sees a customer: HMAC-SHA256 under the pseudonym secret of brand and customer,
 * truncated to 128 bits. Stable for the pair, unlinkable across brands, not reversible.
 */
export function brandPseudonym(secret: Uint8Array, brandId: string, customerId: string): string {
  return createHmac("sha256", secret)
    .update(`${brandId}\u0000${customerId}`, "utf8")
    .digest()
    .subarray(0, 16)
    .toString("base64url");
}
