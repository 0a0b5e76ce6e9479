// Signs customers' access tokens and publishes the keys that verify them (docs/tokens.md).
import { randomBytes } from "node:crypto";
import { importJWK, SignJWT } from "jose";
import {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_ISSUER,
  ACCESS_TOKEN_TYPE,
  type VerificationKey,
  type VerificationKeys,
} from "#libs/credentials/src/index.js";
import type { SigningKey } from "./signing-keys.js";

export type AccessToken = { readonly token: string; readonly expiresAt: Date; readonly audiences: readonly string[] };

export class AccessTokenIssuer {
  private readonly verification: Promise<Map<string, VerificationKey>>;

  constructor(
    private readonly keys: readonly SigningKey[],
    private readonly active: SigningKey,
    private readonly lifetimeSeconds: number,
  ) {
    this.verification = Promise.all(
      keys.map(async (key) => [key.kid, (await importJWK(key.publicJwk, ACCESS_TOKEN_ALGORITHM)) as VerificationKey] as const),
    ).then((entries) => new Map(entries));
  }

  async issue(customerId: string, audiences: readonly string[], nowMs = Date.now()): Promise<AccessToken> {
    const issuedAt = Math.floor(nowMs / 1000);
    const expiresAt = issuedAt + this.lifetimeSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: this.active.kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setSubject(customerId)
      .setAudience([...audiences])
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomBytes(12).toString("base64url"))
      .sign(this.active.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000), audiences };
  }

  /** The public keys of every configured key, as a JWKS document. */
  jwks(): { keys: Readonly<Record<string, string>>[] } {
    return { keys: this.keys.map((key) => key.publicJwk) };
  }

  /** identity verifies its own tokens with the same keys it publishes, without asking anyone. */
  readonly verificationKeys: VerificationKeys = async (kid) => (await this.verification).get(kid);
}
