// A customer's signed-in session in the wearable app: the credential the app holds buys an
// access token (10 minutes) and a refresh token; the session refreshes before the access token
// expires and signs in again when its refresh family has ended or was revoked.
import { status } from "@grpc/grpc-js";
import { IdentityService, type TokenPair } from "#gen/usual/identity/v1/identity_pb.js";
import { createServiceClient, type ServiceClient } from "#libs/grpc/src/index.js";

/** Refresh this long before the access token expires, so no call carries an expiring token. */
const REFRESH_AHEAD_MS = 60_000;

export type SessionOptions = {
  /** The identity service's gRPC address, host:port. */
  readonly identityAddress: string;
  /** The credential RegisterCustomer returned; the app keeps it in secure storage. */
  readonly customerCredential: string;
  /** Services the tokens are for; every customer-facing one unless told. */
  readonly audiences?: readonly string[];
  readonly now?: () => number;
};

export class CustomerSession {
  private tokens: TokenPair | undefined;
  private pending: Promise<void> | undefined;

  private constructor(
    private readonly identity: ServiceClient<typeof IdentityService>,
    private readonly options: SessionOptions,
    readonly customerId: string,
    tokens: TokenPair,
  ) {
    this.tokens = tokens;
  }

  /** Registers a new customer and returns their session and the credential to keep. */
  static async register(
    identityAddress: string,
    displayName: string,
    now?: () => number,
  ): Promise<{ session: CustomerSession; customerCredential: string }> {
    const identity = createServiceClient(IdentityService, identityAddress);
    const registered = await identity.registerCustomer({ displayName });
    if (!registered.tokens) throw new Error("identity returned no tokens");
    const options = { identityAddress, customerCredential: registered.customerCredential, ...(now ? { now } : {}) };
    return {
      session: new CustomerSession(identity, options, registered.customerId, registered.tokens),
      customerCredential: registered.customerCredential,
    };
  }

  static async signIn(options: SessionOptions): Promise<CustomerSession> {
    const identity = createServiceClient(IdentityService, options.identityAddress);
    const signedIn = await identity.signIn({ audiences: [...(options.audiences ?? [])] }, { bearer: options.customerCredential });
    if (!signedIn.tokens) throw new Error("identity returned no tokens");
    return new CustomerSession(identity, options, signedIn.customerId, signedIn.tokens);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** A current access token, refreshed (or, if the refresh family is gone, signed in again) first when needed. */
  async accessToken(): Promise<string> {
    const expiresAt = Number(this.tokens?.accessTokenExpiresAt?.seconds ?? 0n) * 1000;
    if (expiresAt - this.now() < REFRESH_AHEAD_MS) {
      this.pending ??= this.renew().finally(() => {
        this.pending = undefined;
      });
      await this.pending;
    }
    return this.tokens?.accessToken ?? "";
  }

  private async renew(): Promise<void> {
    try {
      const refreshed = await this.identity.refreshTokens({ refreshToken: this.tokens?.refreshToken ?? "" });
      this.tokens = refreshed.tokens;
    } catch (error) {
      if ((error as { code?: number }).code !== status.UNAUTHENTICATED) throw error;
      // The family ended or was revoked (a reuse elsewhere): the credential signs in afresh.
      const signedIn = await this.identity.signIn(
        { audiences: [...(this.options.audiences ?? [])] },
        { bearer: this.options.customerCredential },
      );
      this.tokens = signedIn.tokens;
    }
  }

  get identityAddress(): string {
    return this.options.identityAddress;
  }

  /** The identity client this session talks through, for calls that need its access token. */
  get identityClient(): ServiceClient<typeof IdentityService> {
    return this.identity;
  }

  /** Ends the refresh family and closes the connection. */
  async signOut(): Promise<void> {
    if (this.tokens) await this.identity.signOut({ refreshToken: this.tokens.refreshToken }).catch(() => {});
    this.tokens = undefined;
    this.identity.close();
  }

  close(): void {
    this.identity.close();
  }
}
