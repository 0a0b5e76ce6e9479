// The consent service's secrets for a local mesh: the Ed25519 seed that signs receipts and the
// key that wraps each customer's ledger data key. Random unless kept elsewhere.
import { randomBytes } from "node:crypto";

export type ConsentSecrets = {
  /** 64 hex chars: Ed25519 private key seed. */
  readonly CONSENT_RECEIPT_SIGNING_KEY: string;
  /** 64 hex chars: AES-256 key-encryption key. */
  readonly CONSENT_KEY_ENCRYPTION_KEY: string;
};

export const CONSENT_SECRET_NAMES = ["CONSENT_RECEIPT_SIGNING_KEY", "CONSENT_KEY_ENCRYPTION_KEY"] as const;

export function generateConsentSecrets(): ConsentSecrets {
  return {
    CONSENT_RECEIPT_SIGNING_KEY: randomBytes(32).toString("hex"),
    CONSENT_KEY_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
  };
}
