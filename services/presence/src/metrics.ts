import { meter } from "#libs/telemetry/src/index.js";

const presenceMeter = meter("usual.presence");

export const presenceMetrics = {
  sightings: presenceMeter.createCounter("usual.presence.sightings", { description: "Sightings received" }),
  batchSize: presenceMeter.createHistogram("usual.presence.batch.size", { description: "Sightings per batch" }),
  resolveDuration: presenceMeter.createHistogram("usual.presence.resolve.duration", {
    description: "Time to resolve one batch against Redis",
    unit: "ms",
  }),
  recognised: presenceMeter.createCounter("usual.presence.recognised", {
    description: "Distinct customers recognised per batch",
  }),
  unrecognised: presenceMeter.createCounter("usual.presence.unrecognised", {
    description: "Distinct rolling IDs not recognised (unknown, out of window or unconsented, alike)",
  }),
  arrivals: presenceMeter.createCounter("usual.presence.arrivals", { description: "Arrived events published" }),
  departures: presenceMeter.createCounter("usual.presence.departures", { description: "Left events published" }),
  dropped: presenceMeter.createCounter("usual.presence.dropped", {
    description: "Sightings of consenting customers dropped by a defence, by reason (replay, impossibleTravel)",
  }),
  rejectedBatches: presenceMeter.createCounter("usual.presence.batches.rejected", { description: "Batches rejected, by reason" }),
};
