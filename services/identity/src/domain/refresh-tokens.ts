// Refresh tokens: "<customer_id>~<family_id>~<secret>", opaque to the app. Only the SHA-256 of
// the secret part is stored, and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export type RefreshToken = { readonly customerId: string; readonly familyId: string; readonly secret: string };

const SHAPE = /^([A-Za-z0-9_-]{1,64})~([A-Za-z0-9_-]{16,64})~([A-Za-z0-9_-]{43})$/;

export function newRefreshToken(customerId: string, familyId: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { token: `${customerId}~${familyId}~${secret}`, hash: refreshSecretHash(secret) };
}

export function parseRefreshToken(token: string): RefreshToken | undefined {
  const match = SHAPE.exec(token);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { customerId: match[1], familyId: match[2], secret: match[3] };
}

export function refreshSecretHash(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Whether the presented secret is the one whose hash is stored, without a timing oracle. */
export function isCurrentSecret(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(refreshSecretHash(secret), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
