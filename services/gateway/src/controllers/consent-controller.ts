import type { ServiceError } from "@grpc/grpc-js";
import { Body, Controller, Delete, Get, Path, Post, Put, Query, Request, Response, Route, Security, Tags } from "@tsoa/runtime";
import type { Request as ExpressRequest } from "express";
import { Channel } from "#gen/usual/consent/v1/consent_pb.js";
import { InvalidArgumentError } from "#libs/errors/src/index.js";
import {
  CHANNELS,
  type ChannelJson,
  type ConsentRecordJson,
  type ConsentsJson,
  consentsJson,
  PURPOSES,
  type PurposeJson,
  recordJson,
} from "../customers/consent-json.js";
import { customerAccessOf } from "../http/authentication.js";
import { type Problem, ServiceCallError } from "../http/problem.js";
import type { GatewayDeps } from "../http/wiring.js";

export interface JoinProgrammeJson {
  /**
   * The version of the programme notice the customer was shown.
   * @isInt must be a whole number
   * @minimum 1 must be at least 1
   */
  noticeVersion: number;
}

export interface ProgrammeLeft {
  /** The programme withdrawal. */
  record: ConsentRecordJson;
  /** Every brand consent withdrawn with it, each with its own receipt. */
  withdrawn: ConsentRecordJson[];
}

export interface ChoiceAnswerJson {
  /** @pattern ^[a-z][a-z0-9-]{0,39}$ must be a choice id (lowercase letters, digits and dashes) */
  choiceId: string;
  /**
   * For a one-of-a-list choice: the option picked. Give exactly one of optionId and yes.
   * @pattern ^[a-z][a-z0-9-]{0,39}$ must be an option id (lowercase letters, digits and dashes)
   */
  optionId?: string;
  /** For a yes/no choice. */
  yes?: boolean;
}

export interface GrantConsentJson {
  /**
   * The version of the brand's notice for this purpose the customer was shown.
   * @isInt must be a whole number
   * @minimum 1 must be at least 1
   */
  noticeVersion: number;
  /** Required for notifications, not allowed for any other purpose. */
  channel?: ChannelJson;
  /**
   * The name to greet by: required for greet_by_name, not allowed for any other purpose.
   * @minLength 1 must not be empty
   * @maxLength 60 must be at most 60 characters
   */
  greetingName?: string;
  /**
   * Answers to the brand's choices: only for preferences.
   * @maxItems 50 must hold at most 50 answers
   */
  answers?: ChoiceAnswerJson[];
  /**
   * Ids of the brand's "don't ask me about" items: only for preferences.
   * @maxItems 50 must hold at most 50 items
   */
  dontAsk?: string[];
}

export interface RefuseConsentJson {
  /**
   * The version of the notice the customer was shown and said no to.
   * @isInt must be a whole number
   * @minimum 1 must be at least 1
   */
  noticeVersion: number;
  channel?: ChannelJson;
}

const failed = (error: unknown) => new ServiceCallError(error as ServiceError);

function answersOf(answers: readonly ChoiceAnswerJson[]) {
  return answers.map((answer, index) => {
    const hasOption = answer.optionId !== undefined;
    if (hasOption === (answer.yes !== undefined)) {
      throw InvalidArgumentError.forField(`answers[${index}]`, "give exactly one of optionId (a list) and yes (yes/no)");
    }
    return {
      choiceId: answer.choiceId,
      value:
        answer.optionId !== undefined
          ? { case: "optionId" as const, value: answer.optionId }
          : { case: "yes" as const, value: answer.yes === true },
    };
  });
}

const channelOf = (channel: ChannelJson | undefined) => (channel ? CHANNELS[channel] : Channel.UNSPECIFIED);

@Route("v1/me")
@Security("customer")
@Response<Problem>(401, "Missing, expired or invalid access token", undefined, "application/problem+json")
@Response<Problem>(403, "Not a customer's access token", undefined, "application/problem+json")
@Response<Problem>(429, "Too many requests with this token in a minute", undefined, "application/problem+json")
@Response<Problem>(503, "A service behind the gateway did not answer; try again", undefined, "application/problem+json")
@Tags("customers")
export class ConsentController extends Controller {
  constructor(private readonly deps: GatewayDeps) {
    super();
  }

  /** Opts into the programme, naming the programme notice version shown (GET /centre/programme-notice.json). */
  @Post("programme")
  @Response<Problem>(400, "Malformed request or unknown notice version", undefined, "application/problem+json")
  public async joinProgramme(@Body() body: JoinProgrammeJson, @Request() request: ExpressRequest): Promise<ConsentRecordJson> {
    const { accessToken } = customerAccessOf(request);
    const joined = await this.deps.consent
      .joinProgramme({ noticeVersion: body.noticeVersion }, { bearer: accessToken })
      .catch((error) => {
        throw failed(error);
      });
    return recordJson(joined.record);
  }

  /** Leaves the programme: every brand consent is withdrawn first, each with its receipt. */
  @Delete("programme")
  public async leaveProgramme(@Request() request: ExpressRequest): Promise<ProgrammeLeft> {
    const { accessToken } = customerAccessOf(request);
    const left = await this.deps.consent.leaveProgramme({}, { bearer: accessToken }).catch((error) => {
      throw failed(error);
    });
    return { record: recordJson(left.record), withdrawn: left.withdrawn.map(recordJson) };
  }

  /** The customer's decisions per brand, and exactly what each brand sees: pseudonym and counter card. */
  @Get("consents")
  public async listConsents(@Request() request: ExpressRequest): Promise<ConsentsJson> {
    const { accessToken, customerId } = customerAccessOf(request);
    const listed = await this.deps.consent.listConsents({ customerId }, { bearer: accessToken }).catch((error) => {
      throw failed(error);
    });
    return consentsJson(listed);
  }

  /**
   * Gives consent to one purpose for one brand, with the data shared under it (the greeting name
   * for greet_by_name; answers and don't-ask items for preferences). Giving it again with other
   * data is a change. Answered once the next sighting sees it.
   */
  @Put("consents/{brandId}/{purpose}")
  @Response<Problem>(
    400,
    "Malformed request, answers that do not fit the brand's choices, or no programme opt-in",
    undefined,
    "application/problem+json",
  )
  public async grantConsent(
    @Path() brandId: string,
    @Path() purpose: PurposeJson,
    @Body() body: GrantConsentJson,
    @Request() request: ExpressRequest,
  ): Promise<ConsentRecordJson> {
    const { accessToken } = customerAccessOf(request);
    const granted = await this.deps.consent
      .grantConsent(
        {
          brandId,
          purpose: PURPOSES[purpose],
          channel: channelOf(body.channel),
          noticeVersion: body.noticeVersion,
          greetingName: body.greetingName ?? "",
          answers: answersOf(body.answers ?? []),
          dontAsk: body.dontAsk ?? [],
        },
        { bearer: accessToken },
      )
      .catch((error) => {
        throw failed(error);
      });
    return recordJson(granted.record);
  }

  /** Records that the customer was shown the brand's notice for this purpose and said no. */
  @Post("consents/{brandId}/{purpose}/refusals")
  @Response<Problem>(400, "Malformed request", undefined, "application/problem+json")
  public async refuseConsent(
    @Path() brandId: string,
    @Path() purpose: PurposeJson,
    @Body() body: RefuseConsentJson,
    @Request() request: ExpressRequest,
  ): Promise<ConsentRecordJson> {
    const { accessToken } = customerAccessOf(request);
    const refused = await this.deps.consent
      .refuseConsent(
        { brandId, purpose: PURPOSES[purpose], channel: channelOf(body.channel), noticeVersion: body.noticeVersion },
        { bearer: accessToken },
      )
      .catch((error) => {
        throw failed(error);
      });
    return recordJson(refused.record);
  }

  /**
   * Withdraws consent to one purpose for one brand: one call, as easy as giving it. Withdrawing
   * recognition means the next sighting after this answers is not recognised.
   */
  @Delete("consents/{brandId}/{purpose}")
  @Response<Problem>(400, "Malformed request", undefined, "application/problem+json")
  public async revokeConsent(
    @Path() brandId: string,
    @Path() purpose: PurposeJson,
    @Request() request: ExpressRequest,
    @Query() channel?: ChannelJson,
  ): Promise<ConsentRecordJson> {
    const { accessToken } = customerAccessOf(request);
    const revoked = await this.deps.consent
      .revokeConsent({ brandId, purpose: PURPOSES[purpose], channel: channelOf(channel) }, { bearer: accessToken })
      .catch((error) => {
        throw failed(error);
      });
    return recordJson(revoked.record);
  }
}
