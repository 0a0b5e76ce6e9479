// One store's share of the open-loop load. Each hub ticks on its own phase of the tick grid
// (hub k of H starts k/H of a tick later), as independent hubs would, rather than every hub
// firing at the same instant; on each tick it sends whatever its share of the rate has made due
// since it started, acknowledged or not.
import { randomBytes } from "node:crypto";
import { nowMs, timestampOfMs } from "./clock.js";
import type { HubStream, SightingInit } from "./hub-stream.js";
import { type ArrivalKey, arrivalKey } from "./messages.js";
import { entryAt } from "./population.js";
import type { StorePlan } from "./store-plan.js";

export type Kind = "repeat" | "arrival" | "unknown";

/** What the hubs sent inside the measurement window [windowStart, windowEnd). */
export class StepRecord {
  readonly sent = { repeat: 0, arrival: 0, unknown: 0 };
  readonly arrivals: [ArrivalKey, number][] = [];
  /** How late each tick ran against its grid: the generator's own lag. */
  readonly lags: number[] = [];
  batchesInWindow = 0;

  constructor(
    readonly windowStart: number,
    readonly windowEnd: number,
  ) {}
}

const BEACONS = ["beacon-1", "beacon-2", "beacon-3"];

export class StoreLoad {
  private arrivalCredit = 0.5;
  private unknownCredit = 0;
  private nextRegular = 0;
  private nextArrival = 0;
  private reservedArrivals = 0;
  poolExhausted = 0;

  constructor(
    readonly plan: StorePlan,
    readonly stream: HubStream,
    private readonly arrivalShare: number,
    private readonly unknownShare: number,
  ) {}

  /** Which kind comes next, in exact long-run proportions. */
  private nextKind(): Kind {
    this.arrivalCredit += this.arrivalShare;
    this.unknownCredit += this.unknownShare;
    if (this.arrivalCredit >= 1) {
      this.arrivalCredit -= 1;
      if (this.reservedArrivals < this.plan.arrivals.length) {
        this.reservedArrivals += 1;
        return "arrival";
      }
      this.poolExhausted += 1;
      return "repeat";
    }
    if (this.unknownCredit >= 1) {
      this.unknownCredit -= 1;
      return "unknown";
    }
    return "repeat";
  }

  private sighting(kind: Kind, atMs: number): { sighting: SightingInit; pseudonym?: string } {
    const beaconId = BEACONS[Math.floor(Math.random() * BEACONS.length)] as string;
    const base = { beaconId, observedAt: timestampOfMs(atMs), rssi: -60 };
    if (kind === "unknown") return { sighting: { ...base, rollingId: randomBytes(16) } };
    const customer =
      kind === "arrival"
        ? this.plan.arrivals[this.nextArrival++]
        : this.plan.regulars[this.nextRegular++ % this.plan.regulars.length];
    if (!customer) throw new Error("no customer to sight");
    return { sighting: { ...base, rollingId: entryAt(customer.entries, atMs).rollingId }, pseudonym: customer.pseudonym };
  }

  /** One batch of `count` sightings, stamped with the moment it leaves. */
  private sendBatch(count: number, record: StepRecord): void {
    const sentAt = nowMs();
    const measured = sentAt >= record.windowStart;
    const batch: SightingInit[] = [];
    for (let index = 0; index < count; index += 1) {
      const kind = this.nextKind();
      const { sighting, pseudonym } = this.sighting(kind, sentAt);
      batch.push(sighting);
      if (!measured) continue;
      record.sent[kind] += 1;
      if (kind === "arrival" && pseudonym) {
        record.arrivals.push([arrivalKey(this.plan.hub.brandId, this.plan.hub.storeId, pseudonym), sentAt]);
      }
    }
    this.stream.send(batch);
    if (measured) record.batchesInWindow += 1;
  }

  /** Drives this hub from firstTickAt until the window ends, at ratePerSecond. */
  drive(firstTickAt: number, ratePerSecond: number, tickMs: number, record: StepRecord): Promise<void> {
    return new Promise((resolve) => {
      let generated = 0;
      let tickAt = firstTickAt;
      const tick = () => {
        const now = nowMs();
        record.lags.push(Math.max(0, now - tickAt));
        const due = Math.floor(((Math.min(now, record.windowEnd) - firstTickAt) * ratePerSecond) / 1000);
        if (due > generated) {
          this.sendBatch(due - generated, record);
          generated = due;
        }
        if (now >= record.windowEnd) return resolve();
        const after = nowMs();
        tickAt += tickMs * Math.max(1, Math.ceil((after - tickAt) / tickMs));
        setTimeout(tick, tickAt - after);
      };
      setTimeout(tick, Math.max(0, firstTickAt - nowMs()));
    });
  }
}
