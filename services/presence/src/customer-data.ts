// Presence's side of a customer's rights (proto/usual/customer/v1/data.proto): erasure, applied
// by a durable consumer of CUSTOMER_ERASURES, and export, answered on
// usual.customer.v1.export.presence. Consent orchestrates both.
import { fromBinary } from "@bufbuild/protobuf";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { CustomerErasedSchema, ExportReplySchema, ExportRequestSchema } from "#gen/usual/customer/v1/data_pb.js";
import { consumeDurably, customerErasuresStream, queues, serveRequests, subjects } from "#libs/nats/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import { presenceMetrics } from "./metrics.js";
import { PresenceEventKind, presenceEvent, publishPresence } from "./presence-events.js";
import type { Visits } from "./store/visits.js";
import type { WhereaboutsRecords } from "./store/whereabouts.js";

const CONSUMER = "presence-customer-erasure";
export const EXPORT_SERVICE = "presence";

export class CustomerData {
  private stopConsumer: (() => Promise<void>) | undefined;

  constructor(
    private readonly visits: Visits,
    private readonly whereabouts: WhereaboutsRecords,
    private readonly nats: NatsConnection,
    private readonly logger: Logger,
  ) {}

  /**
   * Deletes everything presence holds about a customer: their open visits (visitors hash entry
   * and visit-set member, one script per store) and their whereabouts record. Each open visit
   * ends with a LEFT at once, so no display keeps the card of an erased customer; the sweeper
   * then has nothing left to announce. Running it again finds nothing and publishes nothing.
   */
  async erase(customerId: string): Promise<number> {
    const ended = await this.visits.eraseCustomer(customerId);
    let left = 0;
    for (const visit of ended) {
      if (visit.seenAtMs === null) continue;
      publishPresence(
        this.nats,
        presenceEvent(PresenceEventKind.LEFT, visit.brandId, visit.storeId, visit.pseudonym, visit.seenAtMs),
      );
      left += 1;
    }
    presenceMetrics.departures.add(left);
    await this.whereabouts.forget(customerId);
    return ended.length;
  }

  /** What presence holds about a customer: where they were last recognised and where they are present. */
  async export(customerId: string): Promise<PresenceExport> {
    const [last, visits] = await Promise.all([this.whereabouts.of(customerId), this.visits.visitsOf(customerId)]);
    const [brandId = "", storeId = ""] = last ? last.place.split(":") : [];
    return {
      lastRecognised: last ? { at: new Date(last.atMs).toISOString(), brandId, storeId } : null,
      presentAt: visits.map((visit) => ({
        brandId: visit.brandId,
        storeId: visit.storeId,
        pseudonym: visit.pseudonym,
        lastSeen: visit.seenAtMs === null ? null : new Date(visit.seenAtMs).toISOString(),
      })),
    };
  }

  async start(js: JetStreamClient, jsm: JetStreamManager): Promise<Subscription> {
    this.stopConsumer = await consumeDurably(js, jsm, {
      stream: customerErasuresStream,
      durableName: CONSUMER,
      handle: async (data) => {
        const visits = await this.erase(fromBinary(CustomerErasedSchema, data).customerId);
        this.logger.info({ visits }, "erased a customer's presence records");
      },
      onError: (error) => this.logger.error({ err: error }, "could not erase a customer's presence records; will retry"),
    });
    return serveRequests(
      this.nats,
      subjects.customerExport(EXPORT_SERVICE),
      ExportRequestSchema,
      ExportReplySchema,
      async ({ customerId }) => ({ service: EXPORT_SERVICE, json: JSON.stringify(await this.export(customerId)) }),
      { queue: queues.presence, onError: (error) => this.logger.error({ err: error }, "export request failed") },
    );
  }

  async stop(): Promise<void> {
    await this.stopConsumer?.();
  }
}

/** The JSON document presence answers an export with (services/presence/README.md). */
export type PresenceExport = {
  readonly lastRecognised: { readonly at: string; readonly brandId: string; readonly storeId: string } | null;
  readonly presentAt: readonly {
    readonly brandId: string;
    readonly storeId: string;
    readonly pseudonym: string;
    readonly lastSeen: string | null;
  }[];
};
