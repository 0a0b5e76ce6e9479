// What a customer can read about their own consents, and what a brand can read of the answers
// given to it: each only their own.
import { create, fromBinary } from "@bufbuild/protobuf";
import { SharedCardSchema } from "#gen/usual/consent/v1/card_pb.js";
import {
  type BrandConsents,
  BrandConsentsSchema,
  type ConsentStatus,
  ConsentStatusSchema,
  type GetAnswersRequest,
  type ListConsentsRequest,
} from "#gen/usual/consent/v1/consent_pb.js";
import type { CredentialVerifier } from "#libs/credentials/src/index.js";
import { NotFoundError, PermissionDeniedError } from "#libs/errors/src/index.js";
import type { CallContext } from "#libs/grpc/src/index.js";
import { type CustomerStanding, foldLedger, isGivenDecision, type OpenedEntry } from "../domain/consent-state.js";
import type { CustomerKeys } from "../store/customer-keys.js";
import type { ConsentLedger } from "../store/ledger.js";
import type { ConsentProjection } from "../store/projection.js";
import { openedEntries } from "./ledger-reads.js";

export type ReadDeps = {
  readonly credentials: CredentialVerifier;
  readonly ledger: ConsentLedger;
  readonly keys: CustomerKeys;
  readonly projection: ConsentProjection;
};

function status({ entry }: OpenedEntry): ConsentStatus {
  return create(ConsentStatusSchema, {
    purpose: entry.purpose,
    channel: entry.channel,
    state: entry.state,
    noticeVersion: entry.noticeVersion,
    ...(entry.recordedAt ? { recordedAt: entry.recordedAt } : {}),
    entryHash: entry.hash,
  });
}

/** Per brand: each decision, and what the brand sees today (only the parts whose purpose is given). */
export function brandViews(standing: CustomerStanding): BrandConsents[] {
  return [...standing.brands].map(([brandId, brand]) => {
    const greet = brand.decisions.get("greet_by_name");
    const preferences = brand.decisions.get("preferences");
    return create(BrandConsentsSchema, {
      brandId,
      purposes: [...brand.decisions.values()].map(status),
      pseudonym: brand.pseudonym,
      card: {
        greetingName: isGivenDecision(greet) ? (greet.data?.greetingName ?? "") : "",
        choices: isGivenDecision(preferences) ? (preferences.data?.choices ?? []) : [],
        dontAsk: isGivenDecision(preferences) ? (preferences.data?.dontAsk ?? []) : [],
      },
    });
  });
}

export async function customerStanding(deps: ReadDeps, customerId: string): Promise<CustomerStanding> {
  const { key } = await deps.keys.find(customerId);
  return foldLedger(await openedEntries(deps.ledger, customerId, key));
}

export function readHandlers(deps: ReadDeps) {
  return {
    async listConsents(request: ListConsentsRequest, call: CallContext) {
      const caller = await deps.credentials.verify(call.bearer);
      if (caller.kind !== "customer") throw new PermissionDeniedError("only the customer may list their consents");
      if (caller.customerId !== request.customerId)
        throw new PermissionDeniedError("a customer may list only their own consents");
      const standing = await customerStanding(deps, caller.customerId);
      return {
        ...(standing.programme ? { programme: status(standing.programme) } : {}),
        brands: brandViews(standing),
      };
    },

    async getAnswers(request: GetAnswersRequest, call: CallContext) {
      const caller = await deps.credentials.verify(call.bearer);
      let customerId: string;
      if (caller.kind === "customer") {
        if (request.subject.case !== "customerId" || request.subject.value !== caller.customerId)
          throw new PermissionDeniedError("a customer may read only their own answers");
        customerId = caller.customerId;
      } else if (caller.kind === "brand") {
        if (caller.brandId !== request.brandId)
          throw new PermissionDeniedError(
            `brand "${caller.brandId}" may read only answers given to it, not to "${request.brandId}"`,
          );
        if (request.subject.case !== "pseudonym")
          throw new PermissionDeniedError("a brand reads answers by the customer's pseudonym, never by customer id");
        const found = await deps.projection.customerOfPseudonym(request.brandId, request.subject.value);
        if (!found) throw new NotFoundError(`no customer of brand "${request.brandId}" has this pseudonym`);
        customerId = found;
      } else {
        throw new PermissionDeniedError("only the customer or the brand may read answers");
      }
      const binary = await deps.projection.card(customerId, request.brandId);
      const card = binary ? fromBinary(SharedCardSchema, binary) : undefined;
      return { choices: card?.choices ?? [], dontAsk: card?.dontAsk ?? [] };
    },
  };
}
