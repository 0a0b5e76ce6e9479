// AES-256-GCM for the personal data in ledger entries (under the customer's key) and for the
// customer keys at rest (under the service's key-encryption key). Output: 12-byte nonce ||
// ciphertext || 16-byte tag; the additional data binds it to its customer.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class SealedDataError extends Error {
  override name = "SealedDataError";
}

export function seal(key: Uint8Array, plaintext: Uint8Array, additionalData: string): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(additionalData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

export function open(key: Uint8Array, sealed: Uint8Array, additionalData: string): Uint8Array {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new SealedDataError("sealed data is too short");
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(additionalData, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new SealedDataError("sealed data does not open with this key", { cause: error });
  }
}
