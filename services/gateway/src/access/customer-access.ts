// Who may act for a customer or a brand through the gateway. A customer sends the access token
// identity issued (a JWT for the audience usual.gateway, verified here without calling identity);
// a brand sends its opaque credential (verified with identity, cached). Either way the bearer is
// passed on unchanged, so identity and consent still decide what the caller may do.
import type { CredentialVerifier } from "#libs/credentials/src/index.js";
import { isAccessToken } from "#libs/credentials/src/index.js";
import { PermissionDeniedError, UnauthenticatedError } from "#libs/errors/src/index.js";

export type CustomerAccess = {
  readonly kind: "customer";
  readonly customerId: string;
  /** The access token, to call identity and consent with. */
  readonly accessToken: string;
};

export type BrandAccess = {
  readonly kind: "brand";
  readonly brandId: string;
  readonly brandCredential: string;
};

export type PartyAuthenticator = {
  customer(bearer: string): Promise<CustomerAccess>;
  brand(bearer: string): Promise<BrandAccess>;
};

export function createPartyAuthenticator(verifier: CredentialVerifier): PartyAuthenticator {
  return {
    async customer(bearer) {
      if (!isAccessToken(bearer)) {
        throw new UnauthenticatedError(
          "send the customer's access token (POST /v1/customers/sign-in gives one); a sign-in credential only signs in",
        );
      }
      const principal = await verifier.verify(bearer);
      if (principal.kind !== "customer") throw new PermissionDeniedError("this route is for customers");
      return { kind: "customer", customerId: principal.customerId, accessToken: bearer };
    },
    async brand(bearer) {
      if (isAccessToken(bearer)) throw new PermissionDeniedError("this route takes a brand's credential, not a customer's token");
      const principal = await verifier.verify(bearer);
      if (principal.kind !== "brand") throw new PermissionDeniedError("this route takes a brand's credential");
      return { kind: "brand", brandId: principal.brandId, brandCredential: bearer };
    },
  };
}

/** Refuses a brand route for another brand than the caller's. */
export function assertSameBrand(access: BrandAccess, brandId: string): void {
  if (access.brandId !== brandId) {
    throw new PermissionDeniedError(`this credential is brand ${access.brandId}'s, not ${brandId}'s`);
  }
}
