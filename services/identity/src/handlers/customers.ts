// Customers and their tokens: register, sign in, refresh, sign out, and the public signing keys.
import type { IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { ACCESS_TOKEN_ISSUER } from "#libs/credentials/src/index.js";
import type { ServiceImpl } from "#libs/grpc/src/index.js";
import { credentialHash, newCredential, newId } from "../domain/secrets.js";
import type { IdentityDeps } from "../server.js";

type Handlers = Pick<
  ServiceImpl<typeof IdentityService>,
  "registerCustomer" | "signIn" | "refreshTokens" | "signOut" | "getJwks"
>;

export function customerHandlers({ store, tokens, issuer }: IdentityDeps): Handlers {
  return {
    async registerCustomer(request) {
      const customerId = newId();
      const credential = newCredential();
      await store.addCustomer(
        customerId,
        { displayName: request.displayName, recognitionLive: false, createdAt: new Date().toISOString() },
        credentialHash(credential),
      );
      return { customerId, customerCredential: credential, tokens: await tokens.startSession(customerId, []) };
    },

    async signIn(request, call) {
      return tokens.signIn(call.bearer, request.audiences);
    },

    async refreshTokens(request) {
      return { tokens: await tokens.refresh(request.refreshToken) };
    },

    async signOut(request) {
      await tokens.signOut(request.refreshToken);
      return {};
    },

    async getJwks() {
      return { keys: issuer.jwks().keys, issuer: ACCESS_TOKEN_ISSUER };
    },
  };
}
