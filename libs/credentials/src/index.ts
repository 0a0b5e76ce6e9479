// Verifies the bearer credential of a call by asking the identity service over NATS, with a
// short cache so a long-lived stream or a burst of calls costs one request.
import type { NatsConnection } from "@nats-io/transport-node";
import {
  VerifyCredentialRequestSchema,
  type VerifyCredentialResponse,
  VerifyCredentialResponseSchema,
} from "#gen/usual/identity/v1/internal_pb.js";
import { UnauthenticatedError, UnavailableError } from "#libs/errors/src/index.js";
import { NatsRequestError, requestMessage, subjects } from "#libs/nats/src/index.js";

export type Principal =
  | { readonly kind: "customer"; readonly customerId: string }
  | { readonly kind: "brand"; readonly brandId: string }
  | {
      readonly kind: "store";
      readonly brandId: string;
      readonly storeId: string;
      readonly location: { readonly latitude: number; readonly longitude: number };
    };

export type CredentialVerifier = { verify(bearer: string | undefined): Promise<Principal> };

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

export function createCredentialVerifier(nc: NatsConnection, options: { cacheMs: number }): CredentialVerifier {
  const cache = new Map<string, { principal: Principal; until: number }>();
  return {
    async verify(bearer) {
      if (!bearer) throw new UnauthenticatedError("missing credential: send authorization: Bearer <credential>");
      const cached = cache.get(bearer);
      if (cached && cached.until > Date.now()) return cached.principal;
      let response: VerifyCredentialResponse;
      try {
        response = await requestMessage(
          nc,
          subjects.verifyCredential,
          VerifyCredentialRequestSchema,
          { credential: bearer },
          VerifyCredentialResponseSchema,
        );
      } catch (error) {
        if (error instanceof NatsRequestError) throw new UnavailableError("identity service did not answer", { cause: error });
        throw error;
      }
      const principal = principalOf(response);
      if (!principal) throw new UnauthenticatedError("credential is not valid");
      if (cache.size > 10_000) cache.clear();
      cache.set(bearer, { principal, until: Date.now() + options.cacheMs });
      return principal;
    },
  };
}
