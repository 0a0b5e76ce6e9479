// Verifies the bearer of a call. A customer's access token (a JWT) is checked locally against
// identity's published signing keys; an opaque brand or store credential is checked by asking
// identity over NATS (cached briefly, dropped from the cache when identity announces a
// revocation). docs/tokens.md.
import type { NatsConnection } from "@nats-io/transport-node";
import { UnauthenticatedError } from "#libs/errors/src/index.js";
import { type Audience, isAccessToken, verifyAccessToken } from "./access-token.js";
import { createJwksClient, type JwksClientOptions } from "./jwks-client.js";
import { createOpaqueCredentials } from "./opaque-credentials.js";
import type { Principal } from "./principal.js";

export {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_ISSUER,
  ACCESS_TOKEN_TYPE,
  ALL_AUDIENCES,
  type Audience,
  audiences,
  isAccessToken,
  type VerificationKey,
  type VerificationKeys,
  verifyAccessToken,
} from "./access-token.js";
export { createJwksClient, importKeySet, type JwksClientOptions } from "./jwks-client.js";
export { credentialHash } from "./opaque-credentials.js";
export type { Principal } from "./principal.js";

export type CredentialVerifier = { verify(bearer: string | undefined): Promise<Principal> };

export type CredentialVerifierOptions = {
  /** How long an opaque credential's principal is reused without asking identity again. */
  readonly cacheMs: number;
  /** The calling service's audience (e.g. audiences.consent): an access token is accepted only if its `aud` names it. */
  readonly audience: Audience;
  readonly jwks?: JwksClientOptions;
};

export function createCredentialVerifier(
  nc: NatsConnection,
  options: CredentialVerifierOptions,
): CredentialVerifier & { /** Stops listening for revocations. */ close(): void } {
  const keys = createJwksClient(nc, options.jwks);
  const opaque = createOpaqueCredentials(nc, options.cacheMs);
  return {
    async verify(bearer) {
      if (!bearer) throw new UnauthenticatedError("missing credential: send authorization: Bearer <credential>");
      if (!isAccessToken(bearer)) return opaque.verify(bearer);
      const { customerId } = await verifyAccessToken(bearer, keys, options.audience);
      return { kind: "customer", customerId };
    },
    close: () => opaque.close(),
  };
}
