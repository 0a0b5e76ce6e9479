import { Body, Controller, Path, Post, Request, Response, Route, Security, SuccessResponse, Tags } from "@tsoa/runtime";
import type { Request as ExpressRequest } from "express";
import { InvalidArgumentError } from "#libs/errors/src/index.js";
import { assertSameStore } from "../access/store-access.js";
import { storeAccessOf } from "../http/authentication.js";
import type { Problem } from "../http/problem.js";
import type { GatewayDeps } from "../http/wiring.js";

export interface DisplayTokenRequest {
  /**
   * How long the token lasts, seconds; a day unless told.
   * @isInt must be a whole number of seconds
   * @minimum 60 must be at least 60 seconds
   */
  ttlSeconds?: number;
}

export interface DisplayToken {
  /** Send as `Authorization: Bearer <token>`; keep it out of URLs a server sees. */
  token: string;
  expiresAt: Date;
  /** The counter display for this store: the token travels in the URL fragment, which browsers never send. */
  displayPath: string;
}

const DAY_S = 24 * 3600;

@Route("v1/stores")
@Response<Problem>(401, "Missing, malformed or invalid credential", undefined, "application/problem+json")
@Response<Problem>(
  403,
  "A credential or display token of another store, or one this route does not take",
  undefined,
  "application/problem+json",
)
@Response<Problem>(429, "Too many requests with this credential in a minute", undefined, "application/problem+json")
@Response<Problem>(503, "A service behind the gateway did not answer; try again", undefined, "application/problem+json")
@Tags("stores")
export class DisplayTokenController extends Controller {
  constructor(private readonly deps: GatewayDeps) {
    super();
  }

  /**
   * Makes a display token for the store's counter display: it follows the store's presence and
   * sends staff feedback, nothing else, until it expires or the store's credential is revoked.
   * Only the store's credential may ask for one.
   */
  @Post("{storeId}/display-tokens")
  @Security("store")
  @SuccessResponse(201, "Created")
  @Response<Problem>(400, "Malformed request", undefined, "application/problem+json")
  public async createDisplayToken(
    @Path() storeId: string,
    @Body() body: DisplayTokenRequest,
    @Request() request: ExpressRequest,
  ): Promise<DisplayToken> {
    const access = storeAccessOf(request);
    assertSameStore(access, storeId);
    const maxTtl = this.deps.config.displayTokenMaxTtlS;
    const ttlSeconds = body.ttlSeconds ?? Math.min(DAY_S, maxTtl);
    if (ttlSeconds > maxTtl) throw InvalidArgumentError.forField("ttlSeconds", `must be at most ${maxTtl} seconds`);
    const { token, expiresAt } = await this.deps.displayTokens.issue(
      { brandId: access.brandId, storeId, storeCredential: access.storeCredential },
      ttlSeconds,
    );
    this.setStatus(201);
    return { token, expiresAt, displayPath: `/display/#store=${encodeURIComponent(storeId)}&token=${token}` };
  }
}
