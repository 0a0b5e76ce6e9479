// PresenceService RPCs: a hub's sightings -> resolver -> arrived events on NATS.
import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { NatsConnection } from "@nats-io/transport-node";
import {
  PresenceService,
  type SightingBatch,
  type StreamSightingsRequest,
  StreamSightingsRequestSchema,
  type StreamSightingsResponseSchema,
} from "#gen/usual/presence/v1/presence_pb.js";
import type { CredentialVerifier, Principal } from "#libs/credentials/src/index.js";
import { InvalidArgumentError, PermissionDeniedError } from "#libs/errors/src/index.js";
import { assertValid, registration, type ServiceRegistration, statusFromError } from "#libs/grpc/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import { AnswersInOrder, BatchGroups } from "./batch-groups.js";
import { certainlyValid } from "./domain/batch-shape.js";
import { presenceMetrics } from "./metrics.js";
import { PresenceEventKind, presenceEvent, publishPresence, reportUnreadableCard } from "./presence-events.js";
import type { PresentCards } from "./store/counter-cards.js";
import type { SightingInput, SightingResolver } from "./store/sighting-resolver.js";
import type { Visits } from "./store/visits.js";
import { watchStore } from "./watch-presence.js";

export type PresenceDeps = {
  readonly nats: NatsConnection;
  readonly resolver: SightingResolver;
  readonly visits: Visits;
  readonly cards: PresentCards;
  readonly credentials: CredentialVerifier;
  readonly logger: Logger;
};

type StorePrincipal = Extract<Principal, { kind: "store" }>;

async function storeOf(credentials: CredentialVerifier, bearer: string | undefined): Promise<StorePrincipal> {
  const principal = await credentials.verify(bearer);
  if (principal.kind !== "store") throw new PermissionDeniedError("sightings need a store credential");
  return principal;
}

type StreamSightingsAnswer = MessageInitShape<typeof StreamSightingsResponseSchema>;
type Refusal = Extract<NonNullable<StreamSightingsAnswer["outcome"]>, { case: "rejected" }>["value"];

function assertOwnStore(store: StorePrincipal, batch: SightingBatch): void {
  if (batch.storeId !== store.storeId) {
    throw new PermissionDeniedError(`this credential is for store ${store.storeId}, not ${batch.storeId}`);
  }
}

/** Why a streamed batch is refused in-band (the stream stays open), or undefined to resolve it. */
function refusalOf(store: StorePrincipal, request: StreamSightingsRequest): Refusal | undefined {
  try {
    if (!certainlyValid(request)) assertValid(StreamSightingsRequestSchema, request);
    assertOwnStore(store, request.batch as SightingBatch);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidArgumentError || error instanceof PermissionDeniedError)) throw error;
    const mapped = statusFromError(error);
    presenceMetrics.rejectedBatches.add(1, { reason: error.name });
    const fieldViolations = error instanceof InvalidArgumentError ? [...error.violations] : [];
    return { code: mapped.code, message: mapped.details, fieldViolations };
  }
}

export function presenceService({ nats, resolver, visits, cards, credentials, logger }: PresenceDeps): ServiceRegistration {
  /** Resolves batches of one store as one: one set of Redis round trips for all of them. */
  const ingest = async (store: StorePrincipal, batches: readonly SightingBatch[]): Promise<void> => {
    const sightings: SightingInput[] = [];
    for (const batch of batches) {
      for (const sighting of batch.sightings) {
        sightings.push({
          rollingId: sighting.rollingId,
          observedAtMs: sighting.observedAt ? timestampMs(sighting.observedAt) : 0,
        });
      }
      presenceMetrics.batchSize.record(batch.sightings.length);
    }
    const started = performance.now();
    const outcome = await resolver.resolve({ brandId: store.brandId, storeId: store.storeId, ...store.location }, sightings);
    presenceMetrics.resolveDuration.record(performance.now() - started);
    presenceMetrics.sightings.add(sightings.length);
    presenceMetrics.recognised.add(outcome.recognisedRollingIds);
    presenceMetrics.unrecognised.add(outcome.rollingIds - outcome.recognisedRollingIds);
    for (const [reason, count] of Object.entries(outcome.dropped)) {
      if (count === 0) continue;
      presenceMetrics.dropped.add(count, { reason });
      // Counts and places only: never who, never which rolling ID.
      logger.warn({ reason, count, brandId: store.brandId, storeId: store.storeId }, "sightings dropped by a defence");
    }
    for (const arrival of outcome.arrivals) {
      if (arrival.card.unreadable.length > 0) reportUnreadableCard(logger, store, arrival.card.unreadable);
      publishPresence(
        nats,
        presenceEvent(
          PresenceEventKind.ARRIVED,
          store.brandId,
          store.storeId,
          arrival.pseudonym,
          arrival.observedAtMs,
          arrival.card.card,
        ),
      );
    }
    presenceMetrics.arrivals.add(outcome.arrivals.length);
  };

  return registration(
    PresenceService,
    {
      async streamSightings(requests, call) {
        const store = await storeOf(credentials, call.bearer);
        // Batches are resolved concurrently and in groups, answered in order (batch-groups.ts).
        const groups = new BatchGroups<SightingBatch>((batches) => ingest(store, batches));
        const answers = new AnswersInOrder<StreamSightingsAnswer>((answer) => call.send(answer));
        const reading = requests[Symbol.asyncIterator]();
        for (;;) {
          // Flow control: read no further while too many sightings wait or answers are unsent.
          await answers.interruptible(Promise.all([groups.roomToRead(), answers.roomToRead()]));
          const next = await answers.interruptible(reading.next());
          if (next.done) break;
          const request = next.value;
          const refusal = refusalOf(store, request);
          if (refusal) {
            answers.push(Promise.resolve({ batchId: request.batchId, outcome: { case: "rejected", value: refusal } }));
            continue;
          }
          const batch = request.batch as SightingBatch;
          const { batchId } = request;
          const sightingCount = batch.sightings.length;
          answers.push(groups.add(batch).then(() => ({ batchId, outcome: { case: "accepted", value: { sightingCount } } })));
        }
        await answers.allSent();
      },

      async reportSightings(request, call) {
        const store = await storeOf(credentials, call.bearer);
        const batch = request.batch as SightingBatch;
        assertOwnStore(store, batch);
        await ingest(store, [batch]);
        return { accepted: { sightingCount: batch.sightings.length } };
      },

      async watchPresence(request, call) {
        const store = await storeOf(credentials, call.bearer);
        if (request.storeId !== store.storeId) {
          throw new PermissionDeniedError(`this credential is for store ${store.storeId}, not ${request.storeId}`);
        }
        await watchStore({ nats, visits, cards, logger }, store.brandId, store.storeId, call);
      },
    },
    { handlerValidatesStreams: ["streamSightings"] },
  );
}
