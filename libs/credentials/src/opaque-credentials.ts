// Opaque credentials (brand, store; what is not a JWT) are verified by asking the identity
// service over NATS, with a short cache so a long-lived stream or a burst of calls costs one
// request. Identity announces revocations, and a revoked credential leaves the cache at once.
import { createHash } from "node:crypto";
import { fromBinary } from "@bufbuild/protobuf";
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import {
  CredentialRevokedSchema,
  VerifyCredentialRequestSchema,
  type VerifyCredentialResponse,
  VerifyCredentialResponseSchema,
} from "#gen/usual/identity/v1/internal_pb.js";
import { UnauthenticatedError, UnavailableError } from "#libs/errors/src/index.js";
import { NatsRequestError, requestMessage, subjects } from "#libs/nats/src/index.js";
import type { Principal } from "./principal.js";

const MAX_CACHED = 10_000;

/** The form in which credentials are stored, looked up and announced when revoked. */
export function credentialHash(credential: string): string {
  return createHash("sha256").update(credential, "utf8").digest("hex");
}

function principalOf(response: VerifyCredentialResponse): Principal | undefined {
  const principal = response.principal;
  switch (principal.case) {
    case "customer":
      return { kind: "customer", customerId: principal.value.customerId };
    case "brand":
      return { kind: "brand", brandId: principal.value.brandId };
    case "store":
      return {
        kind: "store",
        brandId: principal.value.brandId,
        storeId: principal.value.storeId,
        location: { latitude: principal.value.latitude, longitude: principal.value.longitude },
      };
    default:
      return undefined;
  }
}

export type OpaqueCredentials = {
  verify(credential: string): Promise<Principal>;
  close(): void;
};

export function createOpaqueCredentials(nc: NatsConnection, cacheMs: number): OpaqueCredentials {
  const cache = new Map<string, { principal: Principal; until: number }>();
  const revocations: Subscription = nc.subscribe(subjects.credentialRevoked, {
    callback: (error, msg) => {
      if (error) return;
      try {
        cache.delete(fromBinary(CredentialRevokedSchema, msg.data).credentialHash);
      } catch {
        // not ours to answer: a malformed announcement is ignored
      }
    },
  });
  return {
    async verify(credential) {
      const hash = credentialHash(credential);
      const cached = cache.get(hash);
      if (cached && cached.until > Date.now()) return cached.principal;
      let response: VerifyCredentialResponse;
      try {
        response = await requestMessage(
          nc,
          subjects.verifyCredential,
          VerifyCredentialRequestSchema,
          { credential },
          VerifyCredentialResponseSchema,
        );
      } catch (error) {
        if (error instanceof NatsRequestError) throw new UnavailableError("identity service did not answer", { cause: error });
        throw error;
      }
      const principal = principalOf(response);
      if (!principal) throw new UnauthenticatedError("credential is not valid");
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(hash, { principal, until: Date.now() + cacheMs });
      return principal;
    },
    close: () => revocations.unsubscribe(),
  };
}
