import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { ServiceError } from "@grpc/grpc-js";
import { Body, Controller, Post, Request, Response, Route, SuccessResponse, Tags } from "@tsoa/runtime";
import type { Request as ExpressRequest } from "express";
import type { TokenPair } from "#gen/usual/identity/v1/identity_pb.js";
import { audiences } from "#libs/credentials/src/index.js";
import { requireBearer } from "../http/bearer.js";
import { type Problem, ServiceCallError } from "../http/problem.js";
import type { GatewayDeps } from "../http/wiring.js";

export interface RegisterCustomerJson {
  /**
   * The name a brand may greet the customer by, only under the greet_by_name consent.
   * @minLength 1 must not be empty
   * @maxLength 80 must be at most 80 characters
   */
  displayName: string;
}

export interface TokensJson {
  /** A JWT (~10 minutes): send as `Authorization: Bearer <accessToken>` on every customer route. */
  accessToken: string;
  accessTokenExpiresAt: Date;
  /** Single use: trade it for new tokens at POST /v1/customers/tokens/refresh. */
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export interface RegisteredCustomer {
  customerId: string;
  /** The credential to sign in with later. Shown once: keep it safe; only its hash is stored. */
  customerCredential: string;
  tokens: TokensJson;
}

export interface SignedIn {
  customerId: string;
  tokens: TokensJson;
}

export interface RefreshTokenJson {
  /**
   * @minLength 1 must not be empty
   * @maxLength 256 must be at most 256 characters
   */
  refreshToken: string;
}

/** The services a token signed in through the gateway is for: the gateway and the two it calls. */
const GATEWAY_AUDIENCES = [audiences.gateway, audiences.identity, audiences.consent];

function tokensJson(tokens: TokenPair | undefined): TokensJson {
  if (!tokens) throw new Error("identity answered without tokens");
  const at = (value: TokenPair["accessTokenExpiresAt"]) => (value ? timestampDate(value) : new Date(0));
  return {
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: at(tokens.accessTokenExpiresAt),
    refreshToken: tokens.refreshToken,
    refreshTokenExpiresAt: at(tokens.refreshTokenExpiresAt),
  };
}

const failed = (error: unknown) => new ServiceCallError(error as ServiceError);

@Route("v1/customers")
@Response<Problem>(400, "Malformed request", undefined, "application/problem+json")
@Response<Problem>(429, "Too many requests in a minute", undefined, "application/problem+json")
@Response<Problem>(503, "A service behind the gateway did not answer; try again", undefined, "application/problem+json")
@Tags("customers")
export class CustomerSessionController extends Controller {
  constructor(private readonly deps: GatewayDeps) {
    super();
  }

  /** Registers a customer: their sign-in credential (shown once) and the tokens of a first sign-in. */
  @Post()
  @SuccessResponse(201, "Registered")
  public async registerCustomer(@Body() body: RegisterCustomerJson): Promise<RegisteredCustomer> {
    const registered = await this.deps.identity.registerCustomer({ displayName: body.displayName }).catch((error) => {
      throw failed(error);
    });
    this.setStatus(201);
    return {
      customerId: registered.customerId,
      customerCredential: registered.customerCredential,
      tokens: tokensJson(registered.tokens),
    };
  }

  /**
   * Signs in with the customer's credential as the bearer: an access token for the gateway (and
   * identity and consent behind it) and a refresh token starting a new family.
   */
  @Post("sign-in")
  @Response<Problem>(401, "Missing or unknown credential", undefined, "application/problem+json")
  @Response<Problem>(403, "Not a customer's sign-in credential", undefined, "application/problem+json")
  public async signIn(@Request() request: ExpressRequest): Promise<SignedIn> {
    const credential = requireBearer(request.headers, "customer credential");
    const signedIn = await this.deps.identity.signIn({ audiences: GATEWAY_AUDIENCES }, { bearer: credential }).catch((error) => {
      throw failed(error);
    });
    return { customerId: signedIn.customerId, tokens: tokensJson(signedIn.tokens) };
  }

  /** Trades a refresh token for new tokens; the old one is spent (using it again ends its sign-in). */
  @Post("tokens/refresh")
  @Response<Problem>(
    401,
    "The refresh token is not valid, expired or already used: sign in again",
    undefined,
    "application/problem+json",
  )
  public async refreshTokens(@Body() body: RefreshTokenJson): Promise<TokensJson> {
    const refreshed = await this.deps.identity.refreshTokens({ refreshToken: body.refreshToken }).catch((error) => {
      throw failed(error);
    });
    return tokensJson(refreshed.tokens);
  }

  /** Signs out: the refresh token's family ends (access tokens already issued expire on their own). */
  @Post("tokens/sign-out")
  @SuccessResponse(204, "Signed out")
  public async signOut(@Body() body: RefreshTokenJson): Promise<void> {
    await this.deps.identity.signOut({ refreshToken: body.refreshToken }).catch((error) => {
      throw failed(error);
    });
    this.setStatus(204);
  }
}
