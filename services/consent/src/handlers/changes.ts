// The changes a customer makes: join and leave the programme; give, refuse and withdraw consent
// per brand and purpose. Each is one ledger entry with its receipt (leaving the programme is
// one per brand consent it withdraws, then the programme's own).
import type { NatsConnection } from "@nats-io/transport-node";
import {
  type ConsentRecord,
  ConsentState,
  EntryKind,
  type GrantConsentRequest,
  Purpose,
  type RefuseConsentRequest,
  type RevokeConsentRequest,
} from "#gen/usual/consent/v1/consent_pb.js";
import { ResolveBrandSubjectRequestSchema, ResolveBrandSubjectResponseSchema } from "#gen/usual/identity/v1/internal_pb.js";
import type { CredentialVerifier } from "#libs/credentials/src/index.js";
import { FailedPreconditionError, InvalidArgumentError, UnavailableError } from "#libs/errors/src/index.js";
import type { CallContext } from "#libs/grpc/src/index.js";
import { NatsRequestError, requestMessage, subjects } from "#libs/nats/src/index.js";
import type { ConsentWriter, CustomerTurn } from "../consent-writer.js";
import { renderAnswers } from "../domain/choices.js";
import { foldLedger, liveDecisions } from "../domain/consent-state.js";
import { checkChangeShape } from "../domain/grant-rules.js";
import { purposeName } from "../domain/ledger-entry.js";
import type { BrandCatalogue } from "../store/brand-catalogue.js";
import type { ConsentLedger } from "../store/ledger.js";
import type { ConsentProjection } from "../store/projection.js";
import { callingCustomer } from "./callers.js";
import { openedEntries } from "./ledger-reads.js";

export type ChangeDeps = {
  readonly nats: NatsConnection;
  readonly credentials: CredentialVerifier;
  readonly writer: ConsentWriter;
  readonly ledger: ConsentLedger;
  readonly projection: ConsentProjection;
  readonly catalogue: BrandCatalogue;
  readonly programmeNoticeVersion: number;
};

async function brandPseudonym(nats: NatsConnection, customerId: string, brandId: string): Promise<string> {
  const answer = await requestMessage(
    nats,
    subjects.resolveBrandSubject,
    ResolveBrandSubjectRequestSchema,
    { customerId, brandId },
    ResolveBrandSubjectResponseSchema,
  ).catch((error: unknown) => {
    throw error instanceof NatsRequestError ? new UnavailableError("identity service did not answer", { cause: error }) : error;
  });
  if (!answer.brandExists) throw InvalidArgumentError.forField("brand_id", `no brand "${brandId}" is registered`);
  return answer.pseudonym;
}

export function changeHandlers(deps: ChangeDeps) {
  const requireNotice = async (brandId: string, purpose: Purpose, version: number) => {
    if (await deps.catalogue.notice(brandId, purpose, version)) return;
    const published = await deps.catalogue.noticeVersions(brandId, purpose);
    const name = purposeName(purpose);
    throw InvalidArgumentError.forField(
      "notice_version",
      published.length === 0
        ? `brand "${brandId}" has published no ${name} notice`
        : `brand "${brandId}" has no version ${version} of its ${name} notice (published: ${published.join(", ")})`,
    );
  };

  const requireProgramme = async (turn: CustomerTurn, brandId: string) => {
    let given = await deps.projection.programmeGiven(turn.customerId);
    if (given === undefined) {
      // The projection does not know (never joined, or Redis is being rebuilt): ask the ledger.
      const standing = foldLedger(await openedEntries(deps.ledger, turn.customerId, undefined));
      given = standing.programme?.entry.state === ConsentState.GIVEN;
    }
    if (!given)
      throw new FailedPreconditionError(
        `no programme opt-in: join the programme (JoinProgramme) before giving brand "${brandId}" consent`,
      );
  };

  /** The checks every brand-scoped change shares; returns the customer and their pseudonym. */
  const prepare = async (
    call: CallContext,
    request: GrantConsentRequest | RefuseConsentRequest | RevokeConsentRequest,
    extra: { greetingName?: string; answers?: readonly unknown[]; dontAsk?: readonly unknown[] } = {},
  ) => {
    const customerId = await callingCustomer(deps.credentials, call, "change their consent");
    checkChangeShape({ purpose: request.purpose, channel: request.channel, ...extra });
    const pseudonym = await brandPseudonym(deps.nats, customerId, request.brandId);
    return { customerId, pseudonym };
  };

  const brandEntry = (request: { brandId: string; purpose: Purpose; channel: number }, state: ConsentState, notice = 0) => ({
    kind: EntryKind.BRAND,
    brandId: request.brandId,
    purpose: request.purpose,
    channel: request.channel,
    state,
    noticeVersion: notice,
  });

  return {
    async joinProgramme(request: { noticeVersion: number }, call: CallContext) {
      const customerId = await callingCustomer(deps.credentials, call, "join the programme");
      if (request.noticeVersion > deps.programmeNoticeVersion)
        throw InvalidArgumentError.forField(
          "notice_version",
          `the programme notice has versions 1 to ${deps.programmeNoticeVersion}, not ${request.noticeVersion}`,
        );
      const record = await deps.writer.inLiveTurn(customerId, (turn) =>
        turn.commit({ kind: EntryKind.PROGRAMME, state: ConsentState.GIVEN, noticeVersion: request.noticeVersion }),
      );
      return { record };
    },

    async leaveProgramme(_request: unknown, call: CallContext) {
      const customerId = await callingCustomer(deps.credentials, call, "leave the programme");
      return deps.writer.inLiveTurn(customerId, async (turn) => {
        const standing = foldLedger(await openedEntries(deps.ledger, customerId, turn.key));
        const withdrawn: ConsentRecord[] = [];
        // Brand consents first: if this stops half-way, the programme is still joined and
        // calling again finishes the job; never a programme left with live brand consents.
        for (const live of liveDecisions(standing))
          withdrawn.push(await turn.commit(brandEntry(live.entry, ConsentState.WITHDRAWN)));
        const record = await turn.commit({ kind: EntryKind.PROGRAMME, state: ConsentState.WITHDRAWN });
        return { record, withdrawn };
      });
    },

    async grantConsent(request: GrantConsentRequest, call: CallContext) {
      const { customerId, pseudonym } = await prepare(call, request, {
        greetingName: request.greetingName,
        answers: request.answers,
        dontAsk: request.dontAsk,
      });
      await requireNotice(request.brandId, request.purpose, request.noticeVersion);
      const rendered =
        request.purpose === Purpose.PREFERENCES
          ? renderAnswers(request.brandId, await deps.catalogue.choicesOf(request.brandId), request.answers, request.dontAsk)
          : undefined;
      const record = await deps.writer.inLiveTurn(customerId, async (turn) => {
        await requireProgramme(turn, request.brandId);
        return turn.commit(brandEntry(request, ConsentState.GIVEN, request.noticeVersion), {
          brandPseudonym: pseudonym,
          greetingName: request.greetingName.trim(),
          ...(rendered ? { choices: rendered.choices, dontAsk: rendered.dontAsk, answers: request.answers } : {}),
        });
      });
      return { record };
    },

    async refuseConsent(request: RefuseConsentRequest, call: CallContext) {
      const { customerId, pseudonym } = await prepare(call, request);
      await requireNotice(request.brandId, request.purpose, request.noticeVersion);
      const record = await deps.writer.inLiveTurn(customerId, (turn) =>
        turn.commit(brandEntry(request, ConsentState.REFUSED, request.noticeVersion), { brandPseudonym: pseudonym }),
      );
      return { record };
    },

    async revokeConsent(request: RevokeConsentRequest, call: CallContext) {
      const { customerId, pseudonym } = await prepare(call, request);
      const record = await deps.writer.inLiveTurn(customerId, (turn) =>
        turn.commit(brandEntry(request, ConsentState.WITHDRAWN), { brandPseudonym: pseudonym }),
      );
      return { record };
    },
  };
}
