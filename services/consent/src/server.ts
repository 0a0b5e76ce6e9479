// ConsentService: wires the handlers to the service descriptor. Changes return only after the
// ledger append AND the projection update, so the next sighting already sees them.
import type { JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { ConsentService } from "#gen/usual/consent/v1/consent_pb.js";
import type { CredentialVerifier } from "#libs/credentials/src/index.js";
import { registration, type ServiceRegistration } from "#libs/grpc/src/index.js";
import type { ConsentWriter } from "./consent-writer.js";
import { firstBreak } from "./domain/chain.js";
import { catalogueHandlers } from "./handlers/brand-catalogue.js";
import { callingCustomer } from "./handlers/callers.js";
import { changeHandlers } from "./handlers/changes.js";
import { dataRightsHandlers } from "./handlers/data-rights.js";
import { readHandlers } from "./handlers/reads.js";
import type { ReceiptSigner } from "./receipts.js";
import type { BrandCatalogue } from "./store/brand-catalogue.js";
import type { CustomerKeys } from "./store/customer-keys.js";
import type { ConsentLedger } from "./store/ledger.js";
import type { ConsentProjection } from "./store/projection.js";

export type ConsentDeps = {
  readonly nats: NatsConnection;
  readonly js: JetStreamClient;
  readonly ledger: ConsentLedger;
  readonly projection: ConsentProjection;
  readonly keys: CustomerKeys;
  readonly catalogue: BrandCatalogue;
  readonly receipts: ReceiptSigner;
  readonly credentials: CredentialVerifier;
  readonly writer: ConsentWriter;
  readonly programmeNoticeVersion: number;
  readonly exportServices: readonly string[];
  readonly exportTimeoutMs: number;
};

export function consentService(deps: ConsentDeps): ServiceRegistration {
  const changes = changeHandlers(deps);
  const reads = readHandlers(deps);
  const catalogue = catalogueHandlers(deps);
  const dataRights = dataRightsHandlers(deps);
  return registration(ConsentService, {
    ...changes,
    ...reads,
    ...catalogue,
    ...dataRights,
    getReceiptKeys: async () => ({ jwksJson: deps.receipts.jwks }),
    async verifyLedger(_request, call) {
      const customerId = await callingCustomer(deps.credentials, call, "verify their ledger");
      const entries = [];
      for await (const stored of deps.ledger.entriesOf(customerId)) entries.push(stored);
      const broken = firstBreak(entries);
      return {
        entriesChecked: entries.length,
        intact: broken === undefined,
        ...(broken ? { firstBreak: { sequence: BigInt(broken.sequence), reason: broken.reason } } : {}),
      };
    },
  });
}
