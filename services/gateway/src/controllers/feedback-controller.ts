import { randomUUID } from "node:crypto";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { Body, Controller, Path, Post, Request, Response, Route, Security, SuccessResponse, Tags } from "@tsoa/runtime";
import type { Request as ExpressRequest } from "express";
import { StaffFeedbackKind } from "#gen/usual/recommendations/v1/feedback_pb.js";
import { InvalidArgumentError } from "#libs/errors/src/index.js";
import { assertSameStore } from "../access/store-access.js";
import { storeAccessOf } from "../http/authentication.js";
import type { Problem } from "../http/problem.js";
import type { GatewayDeps } from "../http/wiring.js";

export type StaffFeedbackKindJson = "served_usual" | "suggestion_taken" | "suggestion_declined" | "dont_suggest_again";

export interface StaffFeedbackJson {
  /**
   * Chosen by the display (a UUID) so that a retried request is stored once; one is made when absent.
   * @pattern ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ must be a UUID
   */
  feedbackId?: string;
  /**
   * The pseudonym of the customer whose card it was, as the presence event gave it.
   * @minLength 1 must not be empty
   * @maxLength 128 must be at most 128 characters
   */
  customerPseudonym: string;
  /** What happened: served the usual, suggestion taken, declined, or "don't suggest again". */
  kind: StaffFeedbackKindJson;
  /**
   * The suggestion's item; required for every kind but served_usual, which must not have one.
   * @minLength 1 must not be empty
   * @maxLength 128 must be at most 128 characters
   */
  itemId?: string;
}

export interface FeedbackStored {
  feedbackId: string;
  /** True when this feedback id had been stored before (a retry): stored once all the same. */
  duplicate: boolean;
}

const KINDS: Readonly<Record<StaffFeedbackKindJson, StaffFeedbackKind>> = {
  served_usual: StaffFeedbackKind.SERVED_USUAL,
  suggestion_taken: StaffFeedbackKind.SUGGESTION_TAKEN,
  suggestion_declined: StaffFeedbackKind.SUGGESTION_DECLINED,
  dont_suggest_again: StaffFeedbackKind.DONT_SUGGEST_AGAIN,
};

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
export class FeedbackController extends Controller {
  constructor(private readonly deps: GatewayDeps) {
    super();
  }

  /**
   * Records what staff did with a customer's card, for recommendations to learn from. Answered
   * once stored durably (JetStream STAFF_FEEDBACK). Authorised by the store credential or a display token.
   */
  @Post("{storeId}/feedback")
  @Security("store", ["display"])
  @SuccessResponse(202, "Stored")
  @Response<Problem>(400, "Malformed feedback", undefined, "application/problem+json")
  public async recordFeedback(
    @Path() storeId: string,
    @Body() body: StaffFeedbackJson,
    @Request() request: ExpressRequest,
  ): Promise<FeedbackStored> {
    const access = storeAccessOf(request);
    assertSameStore(access, storeId);
    const servedUsual = body.kind === "served_usual";
    if (servedUsual && body.itemId !== undefined) {
      throw InvalidArgumentError.forField("itemId", "must be absent for served_usual: the usual is the card's choices");
    }
    if (!servedUsual && body.itemId === undefined) {
      throw InvalidArgumentError.forField("itemId", `is required for ${body.kind}: name the suggestion's item`);
    }
    const feedbackId = (body.feedbackId ?? randomUUID()).toLowerCase();
    const stored = await this.deps.feedback.publish({
      feedbackId,
      brandId: access.brandId,
      storeId,
      customerPseudonym: body.customerPseudonym,
      kind: KINDS[body.kind],
      itemId: body.itemId ?? "",
      recordedAt: timestampNow(),
    });
    this.setStatus(202);
    return { feedbackId, duplicate: stored.duplicate };
  }
}
