// The customer's rights of access and erasure. Export gathers the decrypted ledger, the
// projection and every other service's part (request/reply; a silent service is listed as
// unavailable). Erasure destroys the customer's key, clears the projection and suggestions,
// tells every service (CustomerErased) and appends an erasure entry with its receipt.
import { toJson } from "@bufbuild/protobuf";
import { timestampFromMs, timestampMs } from "@bufbuild/protobuf/wkt";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { ChoiceAnswerSchema, ConsentState, EntryKind } from "#gen/usual/consent/v1/consent_pb.js";
import { CustomerErasedSchema, ExportReplySchema, ExportRequestSchema } from "#gen/usual/customer/v1/data_pb.js";
import type { CredentialVerifier } from "#libs/credentials/src/index.js";
import type { CallContext } from "#libs/grpc/src/index.js";
import { encode, requestMessage, subjects, tracedHeaders } from "#libs/nats/src/index.js";
import type { ConsentWriter } from "../consent-writer.js";
import { foldLedger, type OpenedEntry } from "../domain/consent-state.js";
import { channelName, kindName, purposeName, stateName } from "../domain/ledger-entry.js";
import type { CustomerKeys } from "../store/customer-keys.js";
import type { ConsentLedger } from "../store/ledger.js";
import type { ConsentProjection } from "../store/projection.js";
import { callingCustomer } from "./callers.js";
import { openedEntries } from "./ledger-reads.js";
import { brandViews } from "./reads.js";

export type DataRightsDeps = {
  readonly nats: NatsConnection;
  readonly js: JetStreamClient;
  readonly credentials: CredentialVerifier;
  readonly writer: ConsentWriter;
  readonly ledger: ConsentLedger;
  readonly keys: CustomerKeys;
  readonly projection: ConsentProjection;
  readonly exportServices: readonly string[];
  readonly exportTimeoutMs: number;
};

function exportedEntry({ entry, sequence, data }: OpenedEntry) {
  return {
    sequence,
    kind: kindName(entry.kind),
    brandId: entry.brandId,
    purpose: entry.purpose ? purposeName(entry.purpose) : "",
    channel: channelName(entry.channel),
    state: stateName(entry.state),
    noticeVersion: entry.noticeVersion,
    recordedAt: entry.recordedAt ? new Date(timestampMs(entry.recordedAt)).toISOString() : "",
    previousHash: entry.previousHash,
    hash: entry.hash,
    sealed: entry.sealedData.length > 0,
    data: data
      ? {
          brandPseudonym: data.brandPseudonym,
          greetingName: data.greetingName,
          choices: data.choices.map(({ choiceId, label, answer }) => ({ choiceId, label, answer })),
          dontAsk: data.dontAsk.map(({ itemId, label }) => ({ itemId, label })),
          answers: data.answers.map((answer) => toJson(ChoiceAnswerSchema, answer)),
        }
      : null,
  };
}

export function dataRightsHandlers(deps: DataRightsDeps) {
  const askService = async (service: string, customerId: string) => {
    try {
      const reply = await requestMessage(
        deps.nats,
        subjects.customerExport(service),
        ExportRequestSchema,
        { customerId },
        ExportReplySchema,
        deps.exportTimeoutMs,
      );
      return { service, part: JSON.parse(reply.json) as unknown };
    } catch {
      return { service, part: undefined };
    }
  };

  const announceErasure = async (customerId: string) => {
    const erased = encode(CustomerErasedSchema, { customerId, erasedAt: timestampFromMs(Date.now()) });
    await deps.js.publish(subjects.customerErased, erased, { headers: tracedHeaders() });
  };

  return {
    async exportData(_request: unknown, call: CallContext) {
      const customerId = await callingCustomer(deps.credentials, call, "export their data");
      const found = await deps.keys.find(customerId);
      const [entries, parts] = await Promise.all([
        openedEntries(deps.ledger, customerId, found.key),
        Promise.all(deps.exportServices.map((service) => askService(service, customerId))),
      ]);
      const standing = foldLedger(entries);
      const document = {
        format: "usual.customer-export.v1",
        customerId,
        exportedAt: new Date().toISOString(),
        erased: !found.key && found.erased,
        consent: {
          programme: standing.programme ? exportedEntry(standing.programme) : null,
          brands: brandViews(standing).map((view) => ({
            brandId: view.brandId,
            pseudonym: view.pseudonym,
            purposes: view.purposes.map((status) => ({
              purpose: purposeName(status.purpose),
              channel: channelName(status.channel),
              state: stateName(status.state),
              noticeVersion: status.noticeVersion,
              entryHash: status.entryHash,
            })),
            card: view.card
              ? {
                  greetingName: view.card.greetingName,
                  choices: view.card.choices.map(({ choiceId, label, answer }) => ({ choiceId, label, answer })),
                  dontAsk: view.card.dontAsk.map(({ itemId, label }) => ({ itemId, label })),
                }
              : null,
          })),
          ledger: entries.map(exportedEntry),
        },
        services: Object.fromEntries(parts.filter((p) => p.part !== undefined).map((p) => [p.service, p.part])),
        unavailable: parts.filter((p) => p.part === undefined).map((p) => p.service),
      };
      return { json: JSON.stringify(document) };
    },

    async eraseCustomer(_request: unknown, call: CallContext) {
      const customerId = await callingCustomer(deps.credentials, call, "erase their data");
      const record = await deps.writer.inTurn(customerId, async (turn) => {
        const last = await deps.ledger.last(customerId);
        // Erasing again finishes what an interrupted erasure left and returns its receipt.
        if (last?.entry.kind === EntryKind.ERASURE && !turn.key) {
          await deps.projection.clearCustomer(customerId, last.sequence);
          await announceErasure(customerId);
          return turn.record(last);
        }
        await deps.keys.destroy(customerId);
        await deps.projection.clearCustomer(customerId, last?.sequence ?? 0);
        await announceErasure(customerId);
        return turn.commit({ kind: EntryKind.ERASURE, state: ConsentState.UNSPECIFIED });
      });
      return { record };
    },
  };
}
