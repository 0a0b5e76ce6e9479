// Who may act for a store through the gateway: the store's own credential (verified by identity,
// then passed on to presence as it came), or a display token made from it, which opens only the
// routes a counter display needs.
import type { CredentialVerifier } from "#libs/credentials/src/index.js";
import { PermissionDeniedError, UnauthenticatedError } from "#libs/errors/src/index.js";
import { type DisplayTokens, looksLikeDisplayToken } from "./display-token.js";

export type StoreAccess = {
  readonly brandId: string;
  readonly storeId: string;
  /** The store's credential, to call presence with. */
  readonly storeCredential: string;
  readonly via: "store-credential" | "display-token";
};

export type StoreAuthenticator = {
  authenticate(bearer: string, options: { readonly allowDisplayToken: boolean }): Promise<StoreAccess>;
};

export function createStoreAuthenticator(verifier: CredentialVerifier, displayTokens: DisplayTokens): StoreAuthenticator {
  const storeOf = async (credential: string, what: string) => {
    const principal = await verifier.verify(credential);
    if (principal.kind !== "store") throw new PermissionDeniedError(`${what} is not a store's credential`);
    return principal;
  };
  return {
    async authenticate(bearer, { allowDisplayToken }) {
      if (!looksLikeDisplayToken(bearer)) {
        const store = await storeOf(bearer, "this credential");
        return { brandId: store.brandId, storeId: store.storeId, storeCredential: bearer, via: "store-credential" };
      }
      if (!allowDisplayToken) {
        throw new PermissionDeniedError(
          "a display token only follows presence and sends staff feedback; use the store credential",
        );
      }
      const grant = await displayTokens.open(bearer);
      let store: Awaited<ReturnType<typeof storeOf>>;
      try {
        store = await storeOf(grant.storeCredential, "the display token's credential");
      } catch (error) {
        if (error instanceof UnauthenticatedError) {
          throw new UnauthenticatedError("the store credential this display token was made from is no longer valid", {
            cause: error,
          });
        }
        throw error;
      }
      if (store.storeId !== grant.storeId || store.brandId !== grant.brandId) {
        throw new UnauthenticatedError("display token is not valid");
      }
      return { brandId: store.brandId, storeId: store.storeId, storeCredential: grant.storeCredential, via: "display-token" };
    },
  };
}

/** Refuses a route for another store than the caller's. */
export function assertSameStore(access: StoreAccess, storeId: string): void {
  if (access.storeId !== storeId) {
    throw new PermissionDeniedError(
      `this ${access.via === "display-token" ? "display token" : "credential"} is for store ${access.storeId}, not ${storeId}`,
    );
  }
}
