import type { ServiceError } from "@grpc/grpc-js";
import { Controller, Delete, Get, Request, Response, Route, Security, Tags } from "@tsoa/runtime";
import type { Request as ExpressRequest } from "express";
import { type ConsentRecordJson, recordJson } from "../customers/consent-json.js";
import { customerAccessOf } from "../http/authentication.js";
import { type Problem, ServiceCallError } from "../http/problem.js";
import type { GatewayDeps } from "../http/wiring.js";

/** docs/consent.md, "Export": the consent ledger (decrypted), what each brand sees, and every service's own part. */
export interface CustomerExport {
  /** "usual.customer-export.v1" */
  format: string;
  customerId: string;
  exportedAt: string;
  erased: boolean;
  consent: unknown;
  services: unknown;
  /** Services that did not answer in time; the export is complete without them otherwise. */
  unavailable: string[];
}

export interface Erased {
  /** The erasure entry, with its receipt. */
  record: ConsentRecordJson;
}

export interface LedgerVerification {
  entriesChecked: number;
  intact: boolean;
  /** Set when not intact: the stream sequence of the first entry that does not fit, and why. */
  firstBreak?: { sequence: number; reason: string };
}

export interface ReceiptKeys {
  /** RFC 7517 JSON Web Key Set (Ed25519) receipts are signed with. */
  keys: unknown[];
}

const failed = (error: unknown) => new ServiceCallError(error as ServiceError);

@Route("v1")
@Response<Problem>(429, "Too many requests in a minute", undefined, "application/problem+json")
@Response<Problem>(503, "A service behind the gateway did not answer; try again", undefined, "application/problem+json")
@Tags("customers")
export class DataRightsController extends Controller {
  constructor(private readonly deps: GatewayDeps) {
    super();
  }

  /** Everything held about the customer, as a JSON file to download. */
  @Get("me/export")
  @Security("customer")
  @Response<Problem>(401, "Missing, expired or invalid access token", undefined, "application/problem+json")
  public async exportData(@Request() request: ExpressRequest): Promise<CustomerExport> {
    const { accessToken } = customerAccessOf(request);
    const exported = await this.deps.consent.exportData({}, { bearer: accessToken }).catch((error) => {
      throw failed(error);
    });
    this.setHeader("content-disposition", 'attachment; filename="usual-export.json"');
    return JSON.parse(exported.json) as CustomerExport;
  }

  /**
   * Erases the customer's personal data in every service: names, answers, devices, keys. The
   * ledger keeps the facts of each decision, unreadable data aside, and stays verifiable.
   * Nothing more can be recorded for the customer afterwards.
   */
  @Delete("me")
  @Security("customer")
  @Response<Problem>(401, "Missing, expired or invalid access token", undefined, "application/problem+json")
  public async eraseCustomer(@Request() request: ExpressRequest): Promise<Erased> {
    const { accessToken } = customerAccessOf(request);
    const erased = await this.deps.consent.eraseCustomer({}, { bearer: accessToken }).catch((error) => {
      throw failed(error);
    });
    return { record: recordJson(erased.record) };
  }

  /** Recomputes the customer's hash chain from the ledger: an entry altered, removed or forged is caught. */
  @Get("me/ledger/verification")
  @Security("customer")
  @Response<Problem>(401, "Missing, expired or invalid access token", undefined, "application/problem+json")
  public async verifyLedger(@Request() request: ExpressRequest): Promise<LedgerVerification> {
    const { accessToken } = customerAccessOf(request);
    const checked = await this.deps.consent.verifyLedger({}, { bearer: accessToken }).catch((error) => {
      throw failed(error);
    });
    const json: LedgerVerification = { entriesChecked: checked.entriesChecked, intact: checked.intact };
    if (checked.firstBreak)
      json.firstBreak = { sequence: Number(checked.firstBreak.sequence), reason: checked.firstBreak.reason };
    return json;
  }

  /** The public keys consent receipts are signed with (no credential needed). */
  @Get("receipt-keys")
  public async receiptKeys(): Promise<ReceiptKeys> {
    const answer = await this.deps.consent.getReceiptKeys({}).catch((error) => {
      throw failed(error);
    });
    return JSON.parse(answer.jwksJson) as ReceiptKeys;
  }
}
