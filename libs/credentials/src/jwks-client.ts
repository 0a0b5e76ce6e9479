// identity's public signing keys, fetched over NATS and cached: refetched when a token names a
// kid the cache lacks (a new key after a rotation) and when the cache is older than maxAgeMs (so
// a key identity stopped publishing stops verifying).
import type { NatsConnection } from "@nats-io/transport-node";
import { importJWK, type JWK } from "jose";
import { JwksRequestSchema, JwksResponseSchema } from "#gen/usual/identity/v1/internal_pb.js";
import { UnavailableError } from "#libs/errors/src/index.js";
import { requestMessage, subjects } from "#libs/nats/src/index.js";
import { ACCESS_TOKEN_ALGORITHM, type VerificationKey, type VerificationKeys } from "./access-token.js";

export type JwksClientOptions = {
  /** How long a fetched key set is trusted before it is fetched again; 5 minutes unless told. */
  readonly maxAgeMs?: number;
  /** An unknown kid triggers at most one fetch per this many ms (a flood of forged kids costs one); 1 s unless told. */
  readonly minRefetchMs?: number;
};

/** Turns a JWKS document into verification keys by kid; keys that are not Ed25519 are left out. */
export async function importKeySet(jwksJson: string): Promise<Map<string, VerificationKey>> {
  const { keys } = JSON.parse(jwksJson) as { keys: JWK[] };
  const imported = new Map<string, VerificationKey>();
  for (const jwk of keys) {
    if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.kid) continue;
    imported.set(jwk.kid, (await importJWK({ ...jwk, alg: ACCESS_TOKEN_ALGORITHM }, ACCESS_TOKEN_ALGORITHM)) as VerificationKey);
  }
  return imported;
}

export function createJwksClient(nc: NatsConnection, options: JwksClientOptions = {}): VerificationKeys {
  const maxAgeMs = options.maxAgeMs ?? 300_000;
  const minRefetchMs = options.minRefetchMs ?? 1_000;
  let keys: Map<string, VerificationKey> | undefined;
  let fetchedAt = 0;
  let attemptedAt = 0;
  let inFlight: Promise<void> | undefined;

  const fetchKeys = () => {
    attemptedAt = Date.now();
    inFlight ??= (async () => {
      try {
        const reply = await requestMessage(nc, subjects.jwks, JwksRequestSchema, {}, JwksResponseSchema);
        keys = await importKeySet(reply.jwksJson);
        fetchedAt = Date.now();
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  return async (kid) => {
    if (!keys) {
      await fetchKeys().catch((error: unknown) => {
        throw new UnavailableError("identity service did not publish its signing keys", { cause: error });
      });
    } else if (!keys.has(kid) && Date.now() - attemptedAt > minRefetchMs) {
      // A key identity started signing with after our last fetch.
      await fetchKeys().catch(() => {});
    } else if (Date.now() - fetchedAt > maxAgeMs && !inFlight) {
      // In the background: a stale set keeps verifying while identity is unreachable.
      fetchKeys().catch(() => {});
    }
    return keys?.get(kid);
  };
}
