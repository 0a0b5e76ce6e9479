// PresenceService RPCs: a hub's sightings -> resolver -> arrived events on NATS.
import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { NatsConnection } from "@nats-io/transport-node";
import {
  PresenceService,
  type SightingBatch,
  StreamSightingsRequestSchema,
  type StreamSightingsResponseSchema,
} from "#gen/usual/presence/v1/presence_pb.js";
import type { CredentialVerifier, Principal } from "#libs/credentials/src/index.js";
import { InvalidArgumentError, PermissionDeniedError } from "#libs/errors/src/index.js";
import { assertValid, registration, type ServiceRegistration, statusFromError } from "#libs/grpc/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import { certainlyValid } from "./domain/batch-shape.js";
import { presenceMetrics } from "./metrics.js";
import { PresenceEventKind, presenceEvent, publishPresence, reportUnreadableCard } from "./presence-events.js";
import type { PresentCards } from "./store/counter-cards.js";
import type { SightingResolver } from "./store/sighting-resolver.js";
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

export function presenceService({ nats, resolver, visits, cards, credentials, logger }: PresenceDeps): ServiceRegistration {
  const ingest = async (store: StorePrincipal, batch: SightingBatch): Promise<number> => {
    if (batch.storeId !== store.storeId) {
      throw new PermissionDeniedError(`this credential is for store ${store.storeId}, not ${batch.storeId}`);
    }
    const started = performance.now();
    const outcome = await resolver.resolve(
      { brandId: store.brandId, storeId: store.storeId, ...store.location },
      batch.sightings.map((sighting) => ({
        rollingId: sighting.rollingId,
        observedAtMs: sighting.observedAt ? timestampMs(sighting.observedAt) : 0,
      })),
    );
    presenceMetrics.resolveDuration.record(performance.now() - started);
    presenceMetrics.sightings.add(batch.sightings.length);
    presenceMetrics.batchSize.record(batch.sightings.length);
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
    return batch.sightings.length;
  };

  return registration(
    PresenceService,
    {
      async streamSightings(requests, call) {
        const store = await storeOf(credentials, call.bearer);
        // One batch at a time: the next is not read until this one is answered, so a slow
        // Redis pushes back on the hub through HTTP/2 flow control instead of queueing here.
        for await (const request of requests) {
          let response: MessageInitShape<typeof StreamSightingsResponseSchema>;
          try {
            if (!certainlyValid(request)) assertValid(StreamSightingsRequestSchema, request);
            const sightingCount = await ingest(store, request.batch as SightingBatch);
            response = { batchId: request.batchId, outcome: { case: "accepted", value: { sightingCount } } };
          } catch (error) {
            if (!(error instanceof InvalidArgumentError || error instanceof PermissionDeniedError)) throw error;
            const mapped = statusFromError(error);
            presenceMetrics.rejectedBatches.add(1, { reason: error.name });
            const fieldViolations = error instanceof InvalidArgumentError ? [...error.violations] : [];
            response = {
              batchId: request.batchId,
              outcome: { case: "rejected", value: { code: mapped.code, message: mapped.details, fieldViolations } },
            };
          }
          await call.send(response);
        }
      },

      async reportSightings(request, call) {
        const store = await storeOf(credentials, call.bearer);
        const sightingCount = await ingest(store, request.batch as SightingBatch);
        return { accepted: { sightingCount } };
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
