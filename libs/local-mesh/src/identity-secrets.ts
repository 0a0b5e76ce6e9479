// The identity service's secrets for a local mesh: a master key (version 1) that device keys
// derive from, the secret brand pseudonyms are keyed with, the operator's credential, and the
// Ed25519 key access tokens are signed with. Random unless kept elsewhere.
import { randomBytes } from "node:crypto";

export type IdentitySecrets = {
  /** Comma-separated `<version>:<32 hex chars>`; the highest version is current. */
  readonly IDENTITY_MASTER_KEYS: string;
  /** 64 hex chars. */
  readonly IDENTITY_PSEUDONYM_SECRET: string;
  /** The platform operator's credential, the one allowed to register brands. */
  readonly IDENTITY_OPERATOR_CREDENTIAL: string;
  /** Comma-separated `<kid>:<64 hex chars>` Ed25519 seeds; the last one signs. */
  readonly IDENTITY_TOKEN_KEYS: string;
};

/** One token-signing key entry, `<kid>:<64 hex chars>`, its kid naming when it was made. */
export function generateTokenKey(now = new Date()): string {
  const kid = `k${now.toISOString().slice(0, 10).replaceAll("-", "")}-${randomBytes(3).toString("hex")}`;
  return `${kid}:${randomBytes(32).toString("hex")}`;
}

export function generateIdentitySecrets(): IdentitySecrets {
  return {
    IDENTITY_MASTER_KEYS: `1:${randomBytes(16).toString("hex")}`,
    IDENTITY_PSEUDONYM_SECRET: randomBytes(32).toString("hex"),
    IDENTITY_OPERATOR_CREDENTIAL: randomBytes(32).toString("base64url"),
    IDENTITY_TOKEN_KEYS: generateTokenKey(),
  };
}
