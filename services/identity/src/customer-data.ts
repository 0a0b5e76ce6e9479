// Identity's side of a customer's rights (proto/usual/customer/v1/data.proto): erasure, applied
// by a durable consumer of CUSTOMER_ERASURES, and export, answered on
// usual.customer.v1.export.identity. Consent orchestrates both.
import { fromBinary } from "@bufbuild/protobuf";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { CustomerErasedSchema, ExportReplySchema, ExportRequestSchema } from "#gen/usual/customer/v1/data_pb.js";
import { consumeDurably, customerErasuresStream, queues, serveRequests, subjects } from "#libs/nats/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import type { ResolverUpkeep } from "./resolver-upkeep.js";
import type { IdentityStore } from "./store/identity-store.js";
import type { RateLimiter } from "./store/rate-limiter.js";
import type { TokenFamilies } from "./store/token-families.js";

const CONSUMER = "identity-customer-erasure";
export const EXPORT_SERVICE = "identity";

export class CustomerData {
  private stopConsumer: (() => Promise<void>) | undefined;

  constructor(
    private readonly store: IdentityStore,
    private readonly families: TokenFamilies,
    private readonly upkeep: ResolverUpkeep,
    private readonly limiter: RateLimiter,
    private readonly logger: Logger,
  ) {}

  /**
   * Deletes everything identity holds about a customer. Every step tolerates what an earlier,
   * interrupted attempt already removed, and the customer record goes last, so a redelivery
   * finishes the job. Sessions go first (no new access tokens), then each device the way
   * unpairing does (credential, resolver entries, record, entries again), then the sign-in
   * credential, then the record (with every device key, out of the KV streams altogether).
   */
  async erase(customerId: string): Promise<void> {
    await this.families.revokeAll(customerId);
    for (const device of await this.store.devicesOf(customerId)) {
      await this.store.revokeCredential(device.credentialHash);
      await this.upkeep.withdrawDevice(device);
      await this.store.removeDevice(device);
      await this.upkeep.withdrawDevice(device);
    }
    const customer = await this.store.customer(customerId);
    if (customer) {
      const hashes = customer.credentialHash ? [customer.credentialHash] : await this.store.customerCredentialHashes(customerId);
      for (const hash of hashes) await this.store.revokeCredential(hash);
    }
    await this.limiter.forget("pair", customerId);
    await this.store.removeCustomer(customerId);
  }

  /** What identity holds about a customer, without key material or credential hashes. */
  async export(customerId: string): Promise<IdentityExport> {
    const customer = await this.store.customer(customerId);
    const devices = await this.store.devicesOf(customerId);
    const families = await this.families.familiesOf(customerId);
    return {
      customer: customer
        ? {
            customerId,
            displayName: customer.displayName,
            createdAt: customer.createdAt,
            recognitionLive: customer.recognitionLive,
          }
        : null,
      devices: devices.map(({ deviceId, kind, model, label, pairedAt, keyVersion }) => ({
        deviceId,
        kind,
        model,
        label,
        pairedAt,
        keyVersion,
      })),
      signIns: families.map((family) => ({
        createdAt: family.createdAt,
        expiresAt: new Date(family.expiresAt * 1000).toISOString(),
        audiences: [...family.audiences],
        refreshes: family.generation,
      })),
    };
  }

  async start(nc: NatsConnection, js: JetStreamClient, jsm: JetStreamManager): Promise<Subscription> {
    this.stopConsumer = await consumeDurably(js, jsm, {
      stream: customerErasuresStream,
      durableName: CONSUMER,
      handle: async (data) => {
        await this.erase(fromBinary(CustomerErasedSchema, data).customerId);
        this.logger.info("erased a customer's identity records");
      },
      onError: (error) => this.logger.error({ err: error }, "could not erase a customer's identity records; will retry"),
    });
    return serveRequests(
      nc,
      subjects.customerExport(EXPORT_SERVICE),
      ExportRequestSchema,
      ExportReplySchema,
      async ({ customerId }) => ({ service: EXPORT_SERVICE, json: JSON.stringify(await this.export(customerId)) }),
      { queue: queues.identity, onError: (error) => this.logger.error({ err: error }, "export request failed") },
    );
  }

  async stop(): Promise<void> {
    await this.stopConsumer?.();
  }
}

/** The JSON document identity answers an export with (services/identity/README.md). */
export type IdentityExport = {
  readonly customer: {
    readonly customerId: string;
    readonly displayName: string;
    readonly createdAt: string;
    readonly recognitionLive: boolean;
  } | null;
  readonly devices: readonly {
    readonly deviceId: string;
    readonly kind: string;
    readonly model: string;
    readonly label: string;
    readonly pairedAt: string;
    readonly keyVersion: number;
  }[];
  readonly signIns: readonly {
    readonly createdAt: string;
    readonly expiresAt: string;
    readonly audiences: readonly string[];
    readonly refreshes: number;
  }[];
};
