// Display tokens: what a counter display holds instead of its store's credential. A token is a
// JWE (dir + A256GCM) under the gateway's key, so it is opaque to whoever holds it: it carries
// the store's credential (which the gateway passes on to presence) and lets its holder only
// follow the store's presence and send staff feedback, until it expires. Revoking the store's
// credential revokes every display token made from it; rotating the gateway's key revokes all.
import { EncryptJWT, errors as joseErrors, jwtDecrypt } from "jose";
import { UnauthenticatedError } from "#libs/errors/src/index.js";

export type DisplayGrant = {
  readonly brandId: string;
  readonly storeId: string;
  readonly storeCredential: string;
  readonly expiresAt: Date;
};

export type DisplayTokens = {
  issue(grant: Omit<DisplayGrant, "expiresAt">, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }>;
  /** The grant a token carries; UnauthenticatedError when it is not one of ours or has expired. */
  open(token: string): Promise<DisplayGrant>;
};

const AUDIENCE = "usual-gateway";
const TOKEN_TYPE = "usual-display+jwt";
const SCOPE = "display";

/** A compact JWE has five parts; identity's credentials and signed tokens do not. */
export function looksLikeDisplayToken(bearer: string): boolean {
  return bearer.split(".").length === 5;
}

export function createDisplayTokens(key: Uint8Array): DisplayTokens {
  return {
    async issue(grant, ttlSeconds) {
      const expiresAt = new Date((Math.floor(Date.now() / 1000) + ttlSeconds) * 1000);
      const token = await new EncryptJWT({ scope: SCOPE, brd: grant.brandId, sto: grant.storeId, crd: grant.storeCredential })
        .setProtectedHeader({ alg: "dir", enc: "A256GCM", typ: TOKEN_TYPE })
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .encrypt(key);
      return { token, expiresAt };
    },
    async open(token) {
      try {
        const { payload } = await jwtDecrypt(token, key, {
          audience: AUDIENCE,
          typ: TOKEN_TYPE,
          keyManagementAlgorithms: ["dir"],
          contentEncryptionAlgorithms: ["A256GCM"],
          requiredClaims: ["exp"],
        });
        const { scope, brd, sto, crd, exp } = payload;
        if (scope !== SCOPE || typeof brd !== "string" || typeof sto !== "string" || typeof crd !== "string" || !exp) {
          throw new UnauthenticatedError("display token is not valid");
        }
        return { brandId: brd, storeId: sto, storeCredential: crd, expiresAt: new Date(exp * 1000) };
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) {
          throw new UnauthenticatedError("display token has expired: ask for a new display link", { cause: error });
        }
        if (error instanceof UnauthenticatedError) throw error;
        throw new UnauthenticatedError("display token is not valid", { cause: error });
      }
    },
  };
}
