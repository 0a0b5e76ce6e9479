// What the orchestrator and its two child processes (load generator, store subscriber) say to
// each other over the Node IPC channel.
import type { PopulationSpec } from "./population.js";
import type { Percentiles } from "./stats.js";

/** One store's beacon hub: the store and the credential identity issued for it. */
export type HubSpec = { readonly brandId: string; readonly storeId: string; readonly credential: string };

export type StepSpec = {
  readonly step: number;
  readonly ratePerSecond: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Fresh stores for this step: nobody is present in them yet. */
  readonly hubs: readonly HubSpec[];
  readonly repeatsPerStore: number;
  readonly arrivalShare: number;
  readonly unknownShare: number;
  readonly tickMs: number;
  /** How long to wait for outstanding acknowledgements once the load stops. */
  readonly drainMs: number;
};

/** `<brand>.<store>|<pseudonym>`: names one arrival, unique within a step. */
export type ArrivalKey = string;

export type StepReport = {
  readonly step: number;
  readonly measuredMs: number;
  readonly sent: { readonly repeat: number; readonly arrival: number; readonly unknown: number };
  /** Sightings presence acknowledged while the measurement window was open. */
  readonly ackedInWindow: number;
  /** Batches sent inside the window (one per store per tick that had sightings due). */
  readonly batchesInWindow: number;
  readonly rejectedBatches: number;
  readonly streamErrors: readonly string[];
  /** Batches still unacknowledged when the drain wait ended (cut off with the streams). */
  readonly unackedBatches: number;
  /** Arrivals wanted after a store ran out of customers not yet present; sent as repeats. */
  readonly arrivalPoolExhausted: number;
  /** How late each tick ran against the tick grid: the generator's own lag. */
  readonly lagMs: Percentiles;
  /** Batch sent -> its acknowledgement received: presence's resolve plus gRPC both ways. */
  readonly ackRoundTripMs: Percentiles;
  /** Arrivals sent inside the window, with the time each was sent. */
  readonly arrivals: readonly (readonly [ArrivalKey, number])[];
};

export type ToGenerator =
  | { readonly type: "setup"; readonly population: PopulationSpec; readonly presenceAddress: string }
  | ({ readonly type: "run" } & StepSpec)
  | { readonly type: "clock" };

export type FromGenerator =
  | { readonly type: "ready" }
  | { readonly type: "measuring"; readonly step: number }
  | { readonly type: "measured"; readonly step: number }
  | ({ readonly type: "done" } & StepReport)
  | { readonly type: "clock"; readonly nowMs: number }
  | { readonly type: "error"; readonly message: string };

export type ToSubscriber = { readonly type: "collect" } | { readonly type: "clock" };

export type FromSubscriber =
  | { readonly type: "ready" }
  /** `arrived` events since the last collect, with the time each was received; other kinds counted. */
  | { readonly type: "events"; readonly arrivals: readonly (readonly [ArrivalKey, number])[]; readonly otherEvents: number }
  | { readonly type: "clock"; readonly nowMs: number }
  | { readonly type: "error"; readonly message: string };

export type ToStallProbe = { readonly type: "read" };

export type FromStallProbe =
  | { readonly type: "ready"; readonly priority: string }
  /** Counters since the probe started; the largest lateness since the previous read. */
  | {
      readonly type: "counts";
      readonly wakeups: number;
      readonly lateOver1Ms: number;
      readonly lateOver5Ms: number;
      readonly maxLateMsSinceLastRead: number;
    }
  | { readonly type: "error"; readonly message: string };

export function arrivalKey(brandId: string, storeId: string, pseudonym: string): ArrivalKey {
  return `${brandId}.${storeId}|${pseudonym}`;
}
