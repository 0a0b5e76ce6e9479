// Keeps the resolver table holding, for every device whose customer has a live recognition
// consent, the rolling IDs of intervals i-1..i+2: on pairing, on consent changes (a durable
// JetStream consumer of usual.consent.v1.changed), and as time moves (a worker that adds the
// next interval before it starts).

import { fromBinary } from "@bufbuild/protobuf";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { ConsentChangedSchema } from "#gen/usual/consent/v1/events_pb.js";
import { consentChangesStream, consumeDurably } from "#libs/nats/src/index.js";
import { intervalAt } from "#libs/rolling-id/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import { resolverEntries, windowIntervals } from "./domain/resolver-window.js";
import type { DeviceRecord, IdentityStore } from "./store/identity-store.js";
import type { ResolverTable } from "./store/resolver-table.js";

const CONSUMER = "identity-resolver-upkeep";
const TICK_MS = 15_000;
/** Devices whose entries are written or deleted concurrently by the refresh and the tick. */
const IN_FLIGHT = 256;

export class ResolverUpkeep {
  private lastInterval = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopConsumer: (() => Promise<void>) | undefined;

  constructor(
    private readonly store: IdentityStore,
    private readonly table: ResolverTable,
    private readonly masterKeys: ReadonlyMap<number, Buffer>,
    private readonly logger: Logger,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  /**
   * A device whose master-key version is no longer configured has no computable entries: it is
   * neither published nor withdrawn (a withdrawn version's leftovers go with their day's shards),
   * so it cannot block a consent change or an unpairing. Pairing again gives it a current version.
   */
  private entriesOf(device: DeviceRecord, intervals: readonly number[]) {
    const masterKey = this.masterKeys.get(device.keyVersion);
    if (!masterKey) {
      this.logger.warn(
        { keyVersion: device.keyVersion },
        "a device's master-key version is not configured; it cannot be recognised",
      );
      return [];
    }
    return resolverEntries(masterKey, device.deviceId, intervals);
  }

  async publishDevice(device: DeviceRecord, intervals = windowIntervals(intervalAt(this.now()))): Promise<void> {
    await this.table.put(device.customerId, this.entriesOf(device, intervals));
  }

  async withdrawDevice(device: DeviceRecord): Promise<void> {
    await this.table.remove(this.entriesOf(device, windowIntervals(intervalAt(this.now()))));
  }

  /** Brings one customer's devices in line with whether any recognition consent is live. */
  async applyRecognition(customerId: string, recognitionLive: boolean, sequence: number): Promise<void> {
    const customer = await this.store.customer(customerId);
    if (!customer || (customer.recognitionSequence ?? 0) >= sequence) return;
    const devices = await this.store.devicesOf(customerId);
    await Promise.all(devices.map((device) => (recognitionLive ? this.publishDevice(device) : this.withdrawDevice(device))));
    // Recorded only once the table matches, so a failed write is redone when the change is retried.
    await this.store.setRecognitionLive(customerId, recognitionLive, sequence);
  }

  /** Writes the whole window for every live device (start-up: Redis may have lost everything). */
  async refreshAll(): Promise<number> {
    const interval = intervalAt(this.now());
    const live = await this.liveDevices();
    await this.publishEach(live, () => windowIntervals(interval));
    this.lastInterval = interval;
    return live.length;
  }

  /** One device that cannot be published (its key version was removed) must not stop the others. */
  private async publishEach(devices: readonly DeviceRecord[], intervals: () => number[]): Promise<void> {
    let failed = 0;
    // Many devices in flight at once: Redis round trips overlap the key derivation (about twice
    // the serial rate, bench/precompute-rate.ts).
    for (let from = 0; from < devices.length; from += IN_FLIGHT) {
      await Promise.all(
        devices.slice(from, from + IN_FLIGHT).map((device) => this.publishDevice(device, intervals()).catch(() => failed++)),
      );
    }
    if (failed > 0) {
      this.logger.error(
        { devices: failed },
        "some devices could not be put in the resolver table (Redis error or master-key version missing)",
      );
    }
  }

  private async liveDevices(): Promise<DeviceRecord[]> {
    const devices = await this.store.allDevices();
    const liveCustomers = new Map<string, boolean>();
    for (const device of devices) {
      if (!liveCustomers.has(device.customerId)) {
        liveCustomers.set(device.customerId, (await this.store.customer(device.customerId))?.recognitionLive ?? false);
      }
    }
    return devices.filter((device) => liveCustomers.get(device.customerId));
  }

  /**
   * When a new interval has begun, adds interval i+2 so it is in place before it starts, and
   * deletes the entries of i-2, now more than one interval in the past.
   */
  private async tick(): Promise<void> {
    const interval = intervalAt(this.now());
    if (interval === this.lastInterval) return;
    const jumped = interval > this.lastInterval + 1;
    const added = jumped ? windowIntervals(interval) : [interval + 2];
    const expired = jumped ? windowIntervals(this.lastInterval).filter((old) => old < interval - 1) : [interval - 2];
    const live = await this.liveDevices();
    await this.publishEach(live, () => added);
    for (let from = 0; from < live.length; from += IN_FLIGHT) {
      // Best effort: presence refuses out-of-window entries anyway, and a day's shards expire whole.
      await Promise.all(
        live.slice(from, from + IN_FLIGHT).map((device) =>
          Promise.resolve()
            .then(() => this.table.remove(this.entriesOf(device, expired)))
            .catch(() => {}),
        ),
      );
    }
    this.lastInterval = interval;
  }

  async start(js: JetStreamClient, jsm: JetStreamManager): Promise<void> {
    this.stopConsumer = await consumeDurably(js, jsm, {
      stream: consentChangesStream,
      durableName: CONSUMER,
      // One at a time: changes apply in ledger order (a retried one does not overtake later ones).
      maxAckPending: 1,
      handle: async (data) => {
        const change = fromBinary(ConsentChangedSchema, data);
        await this.applyRecognition(change.customerId, change.recognitionLiveAnywhere, Number(change.ledgerSequence));
      },
      onError: (error) => this.logger.error({ err: error }, "could not apply a consent change to the resolver table; will retry"),
    });
    const published = await this.refreshAll();
    this.logger.info({ devices: published }, "resolver table refreshed");
    this.timer = setInterval(() => {
      this.tick().catch((error) => this.logger.error({ err: error }, "resolver table tick failed"));
    }, TICK_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.stopConsumer?.();
  }
}
