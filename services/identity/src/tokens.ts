// Sign-in, refresh and sign-out: customers trade the credential their app holds for a short-lived
// access token and a rotating refresh token (docs/tokens.md).
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { TokenPair } from "#gen/usual/identity/v1/identity_pb.js";
import { ALL_AUDIENCES, credentialHash } from "#libs/credentials/src/index.js";
import { PermissionDeniedError, UnauthenticatedError } from "#libs/errors/src/index.js";
import type { AccessTokenIssuer } from "./domain/access-tokens.js";
import { isCurrentSecret, newRefreshToken, parseRefreshToken } from "./domain/refresh-tokens.js";
import { newId } from "./domain/secrets.js";
import type { IdentityStore } from "./store/identity-store.js";
import type { RateLimiter } from "./store/rate-limiter.js";
import type { TokenFamilies, TokenFamily } from "./store/token-families.js";

type TokenPairInit = Omit<TokenPair, "$typeName" | "$unknown">;

const NOT_VALID = "refresh token is not valid: sign in again";

export class TokenService {
  constructor(
    private readonly store: IdentityStore,
    private readonly families: TokenFamilies,
    private readonly issuer: AccessTokenIssuer,
    private readonly limiter: RateLimiter,
    private readonly refreshTokenSeconds: number,
  ) {}

  /** Starts a new family for a customer (registration, sign-in). */
  async startSession(customerId: string, requested: readonly string[]): Promise<TokenPairInit> {
    const audiences = requested.length > 0 ? requested : ALL_AUDIENCES;
    const familyId = newId();
    const refresh = newRefreshToken(customerId, familyId);
    const family: TokenFamily = {
      customerId,
      familyId,
      tokenHash: refresh.hash,
      audiences,
      createdAt: new Date().toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + this.refreshTokenSeconds,
      generation: 0,
    };
    await this.families.start(family);
    return this.pair(family, refresh.token);
  }

  /** The bearer must be a customer's credential (the one RegisterCustomer returned). */
  async signIn(bearer: string | undefined, audiences: readonly string[]): Promise<{ customerId: string; tokens: TokenPairInit }> {
    if (!bearer) throw new UnauthenticatedError("missing credential: send authorization: Bearer <customer credential>");
    const hash = credentialHash(bearer);
    await this.limiter.attempt("sign-in", hash);
    const record = await this.store.credential(hash);
    if (!record) throw new UnauthenticatedError("credential is not valid");
    if (record.kind !== "customer") throw new PermissionDeniedError("only a customer credential signs in");
    if (!(await this.store.customer(record.customerId))) throw new UnauthenticatedError("credential is not valid");
    return { customerId: record.customerId, tokens: await this.startSession(record.customerId, audiences) };
  }

  /**
   * Spends a refresh token for a new pair. A token that is not the family's current one was
   * spent before (or forged from a leaked family id): the whole family is revoked, so a thief
   * and the app cannot both keep refreshing.
   */
  async refresh(token: string): Promise<TokenPairInit> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw new UnauthenticatedError(NOT_VALID);
    await this.limiter.attempt("refresh", parsed.familyId);
    const stored = await this.families.get(parsed.customerId, parsed.familyId);
    if (!stored) throw new UnauthenticatedError(NOT_VALID);
    const { family, revision } = stored;
    if (family.expiresAt <= Date.now() / 1000) {
      await this.families.revoke(family.customerId, family.familyId);
      throw new UnauthenticatedError("refresh token has expired: sign in again");
    }
    if (!isCurrentSecret(parsed.secret, family.tokenHash)) return this.revokeReused(family);
    const next = newRefreshToken(family.customerId, family.familyId);
    const rotated: TokenFamily = { ...family, tokenHash: next.hash, generation: family.generation + 1 };
    // Two refreshes with one token race here: the loser is a reuse.
    if (!(await this.families.rotate(rotated, revision))) return this.revokeReused(family);
    return this.pair(rotated, next.token);
  }

  /**
   * Ends the family of a refresh token, current or spent (a spent one would revoke it anyway);
   * a family already gone is not an error: there is nothing left to end.
   */
  async signOut(token: string): Promise<void> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw new UnauthenticatedError(NOT_VALID);
    await this.families.revoke(parsed.customerId, parsed.familyId);
  }

  private async revokeReused(family: TokenFamily): Promise<never> {
    await this.families.revoke(family.customerId, family.familyId);
    throw new UnauthenticatedError("refresh token was already used: every token of its sign-in is revoked; sign in again");
  }

  private async pair(family: TokenFamily, refreshToken: string): Promise<TokenPairInit> {
    const access = await this.issuer.issue(family.customerId, family.audiences);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: timestampFromDate(access.expiresAt),
      refreshToken,
      refreshTokenExpiresAt: timestampFromDate(new Date(family.expiresAt * 1000)),
      audiences: [...family.audiences],
    };
  }
}
