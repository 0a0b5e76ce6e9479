// Who is calling an identity RPC: a customer (by access token), or the holder of an opaque
// brand, store, device or customer sign-in credential (looked up by its SHA-256).
import { audiences, credentialHash, isAccessToken, verifyAccessToken } from "#libs/credentials/src/index.js";
import { PermissionDeniedError, UnauthenticatedError } from "#libs/errors/src/index.js";
import type { CallContext } from "#libs/grpc/src/index.js";
import type { AccessTokenIssuer } from "./domain/access-tokens.js";
import type { CredentialRecord, IdentityStore } from "./store/identity-store.js";

export type Caller = { readonly kind: "customer"; readonly customerId: string } | Exclude<CredentialRecord, { kind: "customer" }>;

export const MISSING = "missing credential: send authorization: Bearer <credential>";

export type Authenticate = (call: CallContext) => Promise<Caller>;

export function authenticator(store: IdentityStore, issuer: AccessTokenIssuer): Authenticate {
  return async (call) => {
    if (!call.bearer) throw new UnauthenticatedError(MISSING);
    if (isAccessToken(call.bearer)) {
      const { customerId } = await verifyAccessToken(call.bearer, issuer.verificationKeys, audiences.identity);
      return { kind: "customer", customerId };
    }
    const record = await store.credential(credentialHash(call.bearer));
    if (!record) throw new UnauthenticatedError("credential is not valid");
    if (record.kind === "customer") {
      throw new PermissionDeniedError("a customer credential only signs in (SignIn): send the access token it returns");
    }
    return record;
  };
}
