import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { type ServiceError, status } from "@grpc/grpc-js";
import {
  Body,
  Controller,
  Get,
  Path,
  Post,
  Put,
  Query,
  Request,
  Response,
  Route,
  Security,
  SuccessResponse,
  Tags,
} from "@tsoa/runtime";
import type { Request as ExpressRequest } from "express";
import type { ChoiceDefinitionSchema, ChoiceSchema, Notice } from "#gen/usual/consent/v1/consent_pb.js";
import { InvalidArgumentError, NotFoundError } from "#libs/errors/src/index.js";
import { assertSameBrand } from "../access/customer-access.js";
import { PURPOSES, type PurposeJson } from "../customers/consent-json.js";
import { type Access, brandAccessOf } from "../http/authentication.js";
import { camelPath, type Problem, ServiceCallError } from "../http/problem.js";
import type { GatewayDeps } from "../http/wiring.js";

export interface NoticeJson {
  brandId: string;
  purpose: PurposeJson;
  version: number;
  /** What the customer is shown before deciding. */
  text: string;
  publishedAt: Date;
}

export interface PublishNoticeJson {
  purpose: PurposeJson;
  /**
   * Chosen by the brand; a published version never changes.
   * @isInt must be a whole number
   * @minimum 1 must be at least 1
   * @maximum 100000 must be at most 100000
   */
  version: number;
  /**
   * @minLength 1 must not be empty
   * @maxLength 4000 must be at most 4000 characters
   */
  text: string;
}

export interface ChoiceOptionJson {
  /** @pattern ^[a-z][a-z0-9-]{0,39}$ must be lowercase letters, digits and dashes, starting with a letter */
  optionId: string;
  /**
   * @minLength 1 must not be empty
   * @maxLength 80 must be at most 80 characters
   */
  label: string;
}

export interface ChoiceDefinitionJson {
  /** @pattern ^[a-z][a-z0-9-]{0,39}$ must be lowercase letters, digits and dashes, starting with a letter */
  choiceId: string;
  /**
   * e.g. "Regular order".
   * @minLength 1 must not be empty
   * @maxLength 80 must be at most 80 characters
   */
  label: string;
  /** one_of: exactly one of `options`; yes_no: yes or no (no options). */
  kind: "one_of" | "yes_no";
  /**
   * @minItems 1 must hold at least one option
   * @maxItems 50 must hold at most 50 options
   */
  options?: ChoiceOptionJson[];
}

export interface DontAskOptionJson {
  /** @pattern ^[a-z][a-z0-9-]{0,39}$ must be lowercase letters, digits and dashes, starting with a letter */
  itemId: string;
  /**
   * e.g. "Paper receipt".
   * @minLength 1 must not be empty
   * @maxLength 80 must be at most 80 characters
   */
  label: string;
}

export interface DefineChoicesJson {
  /** @maxItems 50 must hold at most 50 choices */
  choices: ChoiceDefinitionJson[];
  /** @maxItems 50 must hold at most 50 items */
  dontAskOptions: DontAskOptionJson[];
}

export interface ChoiceSchemaJson extends DefineChoicesJson {
  brandId: string;
  definedAt: Date;
}

/** Consent names "choices[0].one_of.options[1].option_id"; the body says "choices[0].options[1].optionId". */
const choiceField = (path: string) => camelPath(path.replace(/\.one_of\./g, ".").replace(/^brand_id$/, "brandId"));
const failed = (error: unknown, fieldPath?: (path: string) => string) => new ServiceCallError(error as ServiceError, fieldPath);

/** How many versions the latest-notice lookup walks (consent has no "latest" read yet). */
const MAX_NOTICE_VERSIONS = 20;

function bearerOf(request: ExpressRequest): string {
  const access = (request as ExpressRequest & { user?: Access }).user;
  if (access && "accessToken" in access) return access.accessToken;
  if (access && "brandCredential" in access) return access.brandCredential;
  throw new Error("no customer or brand access on a catalogue route");
}

function noticeJson(notice: Notice | undefined): NoticeJson {
  if (!notice) throw new Error("consent answered without a notice");
  const purpose = (Object.entries(PURPOSES) as [PurposeJson, number][]).find(([, value]) => value === notice.purpose)?.[0];
  return {
    brandId: notice.brandId,
    purpose: purpose ?? "recognition",
    version: notice.version,
    text: notice.text,
    publishedAt: notice.publishedAt ? timestampDate(notice.publishedAt) : new Date(0),
  };
}

function schemaJson(schema: ChoiceSchema | undefined): ChoiceSchemaJson {
  if (!schema) throw new Error("consent answered without a schema");
  return {
    brandId: schema.brandId,
    choices: schema.choices.map((choice) => {
      const json: ChoiceDefinitionJson = {
        choiceId: choice.choiceId,
        label: choice.label,
        kind: choice.kind.case === "oneOf" ? "one_of" : "yes_no",
      };
      if (choice.kind.case === "oneOf") {
        json.options = choice.kind.value.options.map(({ optionId, label }) => ({ optionId, label }));
      }
      return json;
    }),
    dontAskOptions: schema.dontAskOptions.map(({ itemId, label }) => ({ itemId, label })),
    definedAt: schema.definedAt ? timestampDate(schema.definedAt) : new Date(0),
  };
}

function choicesOf(body: DefineChoicesJson): MessageInitShape<typeof ChoiceDefinitionSchema>[] {
  return body.choices.map((choice, index): MessageInitShape<typeof ChoiceDefinitionSchema> => {
    if (choice.kind === "one_of" && choice.options === undefined) {
      throw InvalidArgumentError.forField(`choices[${index}].options`, "is required for a one_of choice");
    }
    if (choice.kind === "yes_no" && choice.options !== undefined) {
      throw InvalidArgumentError.forField(`choices[${index}].options`, "must be absent for a yes_no choice");
    }
    const { choiceId, label } = choice;
    return choice.kind === "one_of"
      ? { choiceId, label, kind: { case: "oneOf", value: { options: choice.options ?? [] } } }
      : { choiceId, label, kind: { case: "yesNo", value: {} } };
  });
}

@Route("v1/brands")
@Response<Problem>(400, "Malformed request", undefined, "application/problem+json")
@Response<Problem>(401, "Missing or invalid credential", undefined, "application/problem+json")
@Response<Problem>(403, "Another brand's, or a credential this route does not take", undefined, "application/problem+json")
@Response<Problem>(429, "Too many requests with this credential in a minute", undefined, "application/problem+json")
@Response<Problem>(503, "A service behind the gateway did not answer; try again", undefined, "application/problem+json")
@Tags("brands")
export class BrandCatalogueController extends Controller {
  constructor(private readonly deps: GatewayDeps) {
    super();
  }

  /** Publishes a version of the brand's notice for one purpose: what a customer is shown before deciding. */
  @Post("{brandId}/notices")
  @Security("brand")
  @SuccessResponse(201, "Published")
  @Response<Problem>(409, "That version is already published", undefined, "application/problem+json")
  public async publishNotice(
    @Path() brandId: string,
    @Body() body: PublishNoticeJson,
    @Request() request: ExpressRequest,
  ): Promise<NoticeJson> {
    const access = brandAccessOf(request);
    assertSameBrand(access, brandId);
    const published = await this.deps.consent
      .publishNotice(
        { brandId, purpose: PURPOSES[body.purpose], version: body.version, text: body.text },
        { bearer: access.brandCredential },
      )
      .catch((error) => {
        throw failed(error);
      });
    this.setStatus(201);
    return noticeJson(published.notice);
  }

  /** One version of the brand's notice for a purpose; the latest when no version is named. */
  @Get("{brandId}/notices/{purpose}")
  @Security("customer")
  @Security("brand")
  @Response<Problem>(404, "The brand published no such notice", undefined, "application/problem+json")
  public async getNotice(
    @Path() brandId: string,
    @Path() purpose: PurposeJson,
    @Request() request: ExpressRequest,
    /**
     * @isInt must be a whole number
     * @minimum 1 must be at least 1
     */
    @Query() version?: number,
  ): Promise<NoticeJson> {
    const bearer = bearerOf(request);
    const read = (number: number) =>
      this.deps.consent.getNotice({ brandId, purpose: PURPOSES[purpose], version: number }, { bearer }).then(
        (answer) => answer.notice,
        (error: ServiceError) => {
          if (error.code === status.NOT_FOUND && version === undefined) return undefined;
          throw failed(error);
        },
      );
    if (version !== undefined) return noticeJson(await read(version));
    let latest: Notice | undefined;
    for (let number = 1; number <= MAX_NOTICE_VERSIONS; number++) {
      const notice = await read(number);
      if (!notice) break;
      latest = notice;
    }
    if (!latest) throw new NotFoundError(`brand "${brandId}" has published no ${purpose} notice`);
    return noticeJson(latest);
  }

  /** Replaces the brand's choices and its "don't ask me about" items. */
  @Put("{brandId}/choices")
  @Security("brand")
  public async defineChoices(
    @Path() brandId: string,
    @Body() body: DefineChoicesJson,
    @Request() request: ExpressRequest,
  ): Promise<ChoiceSchemaJson> {
    const access = brandAccessOf(request);
    assertSameBrand(access, brandId);
    const defined = await this.deps.consent
      .defineChoices(
        { brandId, choices: choicesOf(body), dontAskOptions: body.dontAskOptions },
        { bearer: access.brandCredential },
      )
      .catch((error) => {
        throw failed(error, choiceField);
      });
    return schemaJson(defined.schema);
  }

  /** The brand's choices, for a customer to answer. */
  @Get("{brandId}/choices")
  @Security("customer")
  @Security("brand")
  @Response<Problem>(404, "The brand defined no choices", undefined, "application/problem+json")
  public async getChoices(@Path() brandId: string, @Request() request: ExpressRequest): Promise<ChoiceSchemaJson> {
    const answer = await this.deps.consent.getChoices({ brandId }, { bearer: bearerOf(request) }).catch((error) => {
      throw failed(error);
    });
    return schemaJson(answer.schema);
  }
}
