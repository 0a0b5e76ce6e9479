// Access tokens: JWTs signed by the identity service (EdDSA over Ed25519), verified locally by
// every service against identity's published keys. docs/tokens.md describes them.
import type { webcrypto } from "node:crypto";
import { errors, type JWTPayload, jwtVerify } from "jose";
import { UnauthenticatedError } from "#libs/errors/src/index.js";

/** The `iss` of every access token. */
export const ACCESS_TOKEN_ISSUER = "usual.identity";
/** The JOSE `typ` header of an access token (RFC 9068), so no other JWT passes for one. */
export const ACCESS_TOKEN_TYPE = "at+jwt";
export const ACCESS_TOKEN_ALGORITHM = "EdDSA";

/** The audience of each service: a token names the services it is for, each checks its own. */
export const audiences = {
  identity: "usual.identity",
  consent: "usual.consent",
  presence: "usual.presence",
  recommendations: "usual.recommendations",
  notifications: "usual.notifications",
  gateway: "usual.gateway",
} as const;
export type Audience = (typeof audiences)[keyof typeof audiences];
export const ALL_AUDIENCES: readonly Audience[] = Object.values(audiences);

export type VerificationKey = webcrypto.CryptoKey;
/** A public verification key by its `kid`, or undefined when no such key is published. */
export type VerificationKeys = (kid: string) => Promise<VerificationKey | undefined>;

/** Opaque credentials are base64url without dots; a JWT is three dot-separated parts. */
export function isAccessToken(bearer: string): boolean {
  return bearer.split(".").length === 3;
}

const TOLERANCE_SECONDS = 5;

/** Why a token failed, in words safe to send back: never the token or its claims. */
function reasonOf(error: unknown): string {
  if (error instanceof UnauthenticatedError) return error.message;
  if (error instanceof errors.JWTExpired) return "access token has expired: refresh it";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "access token is not for this service (aud)";
    if (error.claim === "iss") return "access token was not issued by usual.identity (iss)";
    if (error.claim === "typ") return "bearer is a JWT but not an access token (typ)";
    return `access token claim ${error.claim} is not valid`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return "access token signature is not valid";
  if (error instanceof errors.JOSEAlgNotAllowed) return "access token must be signed with EdDSA";
  return "access token is malformed";
}

/**
 * Checks signature, `alg`, `typ`, `iss`, `exp`/`nbf` and that `aud` names the
 * audience; returns the customer id (`sub`). Anything wrong is UnauthenticatedError.
 */
export async function verifyAccessToken(
  token: string,
  keys: VerificationKeys,
  audience: string,
): Promise<{ customerId: string; expiresAt: number }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      async (header) => {
        const key = header.kid ? await keys(header.kid) : undefined;
        if (!key) throw new UnauthenticatedError("access token is signed with an unknown key (kid)");
        return key;
      },
      {
        issuer: ACCESS_TOKEN_ISSUER,
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        typ: ACCESS_TOKEN_TYPE,
        clockTolerance: TOLERANCE_SECONDS,
        requiredClaims: ["sub", "exp", "aud"],
        audience,
      },
    ));
  } catch (error) {
    if (error instanceof Error && error.name === "UnavailableError") throw error;
    throw new UnauthenticatedError(reasonOf(error), { cause: error });
  }
  if (!payload.sub || payload.exp === undefined) throw new UnauthenticatedError("access token has no subject");
  return { customerId: payload.sub, expiresAt: payload.exp };
}
