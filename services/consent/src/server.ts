// ConsentService RPCs: grant and revoke return only after the ledger append AND the projection
// update, so the next sighting already sees the change.
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConsentService, ConsentState, type Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { ConsentChangedSchema } from "#gen/usual/consent/v1/events_pb.js";
import { ResolveBrandSubjectRequestSchema, ResolveBrandSubjectResponseSchema } from "#gen/usual/identity/v1/internal_pb.js";
import type { CredentialVerifier } from "#libs/credentials/src/index.js";
import { InvalidArgumentError, PermissionDeniedError, UnavailableError } from "#libs/errors/src/index.js";
import { type CallContext, registration, type ServiceRegistration } from "#libs/grpc/src/index.js";
import { encode, NatsRequestError, requestMessage, subjects, tracedHeaders } from "#libs/nats/src/index.js";
import type { CustomerQueue } from "./customer-queue.js";
import { firstBreak } from "./domain/chain.js";
import type { ConsentLedger } from "./store/ledger.js";
import type { ConsentProjection } from "./store/projection.js";

export type ConsentDeps = {
  readonly nats: NatsConnection;
  readonly js: JetStreamClient;
  readonly ledger: ConsentLedger;
  readonly projection: ConsentProjection;
  readonly credentials: CredentialVerifier;
  readonly queue: CustomerQueue;
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

export function consentService(deps: ConsentDeps): ServiceRegistration {
  const record = async (call: CallContext, brandId: string, purpose: Purpose, state: ConsentState) => {
    const caller = await deps.credentials.verify(call.bearer);
    if (caller.kind !== "customer") throw new PermissionDeniedError("only the customer may change their consent");
    const pseudonym = await brandPseudonym(deps.nats, caller.customerId, brandId);
    return deps.queue.run(caller.customerId, () => commit(caller.customerId, brandId, purpose, state, pseudonym));
  };
  const commit = async (customerId: string, brandId: string, purpose: Purpose, state: ConsentState, pseudonym: string) => {
    const recordedAt = timestampFromMs(Date.now());
    const { entry, sequence } = await deps.ledger.append({
      customerId,
      brandId,
      purpose,
      state,
      recordedAt,
      brandPseudonym: pseudonym,
    });
    const recognitionLive = await deps.projection.apply(entry, sequence);
    const changed = create(ConsentChangedSchema, {
      customerId,
      brandId,
      purpose,
      state,
      changedAt: recordedAt,
      recognitionLiveAnywhere: recognitionLive,
      entryHash: entry.hash,
      ledgerSequence: BigInt(sequence),
    });
    await deps.js.publish(subjects.consentChanged, encode(ConsentChangedSchema, changed), { headers: tracedHeaders() });
    return { record: { brandId, purpose, state, recordedAt, entryHash: entry.hash } };
  };
  return registration(ConsentService, {
    grantConsent: (request, call) => record(call, request.brandId, request.purpose, ConsentState.GIVEN),
    revokeConsent: (request, call) => record(call, request.brandId, request.purpose, ConsentState.WITHDRAWN),
    async verifyLedger(_request, call) {
      const caller = await deps.credentials.verify(call.bearer);
      if (caller.kind !== "customer") throw new PermissionDeniedError("only the customer may verify their ledger");
      const entries = [];
      for await (const stored of deps.ledger.entriesOf(caller.customerId)) entries.push(stored);
      const broken = firstBreak(entries);
      return {
        entriesChecked: entries.length,
        intact: broken === undefined,
        ...(broken ? { firstBreak: { sequence: BigInt(broken.sequence), reason: broken.reason } } : {}),
      };
    },
  });
}
