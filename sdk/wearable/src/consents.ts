// The customer's consents, managed from the app through the consent service with the session's
// access token: one call to give, one to withdraw. Every change returns the ledger's record with
// its signed receipt (a compact JWS), which the app keeps as the customer's proof.
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  type Channel,
  type ChoiceAnswerSchema,
  type ConsentRecord,
  ConsentService,
  type ListConsentsResponse,
  type Purpose,
} from "#gen/usual/consent/v1/consent_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import type { CustomerSession } from "./session.js";

/** What a grant shares beside the purpose: the data of greet_by_name and preferences, the channel of notifications. */
export type GrantDetails = {
  readonly channel?: Channel;
  /** For greet_by_name: the name the counter greets the customer by. */
  readonly greetingName?: string;
  /** For preferences: answers to the brand's choices. */
  readonly answers?: MessageInitShape<typeof ChoiceAnswerSchema>[];
  /** For preferences: ids of the brand's "don't ask me about" items. */
  readonly dontAsk?: string[];
};

export class Consents {
  private readonly consent;

  constructor(
    consentAddress: string,
    private readonly session: CustomerSession,
  ) {
    this.consent = createServiceClient(ConsentService, consentAddress);
  }

  /** Opts into the programme, naming the version of the programme notice the customer was shown. */
  async joinProgramme(noticeVersion: number): Promise<ConsentRecord> {
    const { record } = await this.consent.joinProgramme({ noticeVersion }, { bearer: await this.bearer() });
    return required(record);
  }

  /** Leaves the programme, which withdraws every brand consent too. */
  async leaveProgramme(): Promise<ConsentRecord> {
    const { record } = await this.consent.leaveProgramme({}, { bearer: await this.bearer() });
    return required(record);
  }

  /** Gives one purpose to one brand, naming the version of the brand's notice the customer was shown. */
  async grant(brandId: string, purpose: Purpose, noticeVersion: number, details: GrantDetails = {}): Promise<ConsentRecord> {
    const { record } = await this.consent.grantConsent(
      { ...details, brandId, purpose, noticeVersion },
      { bearer: await this.bearer() },
    );
    return required(record);
  }

  /** Withdraws one purpose from one brand (for notifications, one channel). */
  async revoke(brandId: string, purpose: Purpose, channel?: Channel): Promise<ConsentRecord> {
    const { record } = await this.consent.revokeConsent(
      { brandId, purpose, ...(channel === undefined ? {} : { channel }) },
      { bearer: await this.bearer() },
    );
    return required(record);
  }

  /** What the customer gave each brand, and what each brand sees. */
  async list(): Promise<ListConsentsResponse> {
    return this.consent.listConsents({ customerId: this.session.customerId }, { bearer: await this.bearer() });
  }

  close(): void {
    this.consent.close();
  }

  private bearer(): Promise<string> {
    return this.session.accessToken();
  }
}

function required(record: ConsentRecord | undefined): ConsentRecord {
  if (!record) throw new Error("the consent service returned no record");
  return record;
}
