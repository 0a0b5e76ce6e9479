// A quick, allocation-free check that a streamed batch certainly meets presence.proto's
// protovalidate rules. It only ever says "certainly valid": anything it is not sure of goes to
// protovalidate, which decides and names the fields. So the rules enforced are exactly the
// proto's; this only skips the general validator for the common, well-formed batch, which
// costs it more CPU than resolving a one-sighting batch's Redis replies.
// Kept in step with presence.proto by test/unit/services/presence/batch-shape.spec.ts, which
// compares the two on boundary and random batches.
import type { StreamSightingsRequest } from "#gen/usual/presence/v1/presence_pb.js";

const STORE_ID = /^[a-z][a-z0-9-]{1,39}$/;
const ROLLING_ID_BYTES = 16;
const MAX_SIGHTINGS = 1_000;
const MAX_BEACON_ID_CHARS = 64;
const RSSI_MIN = -127;
const RSSI_MAX = 20;

export function certainlyValid(request: StreamSightingsRequest): boolean {
  const batch = request.batch;
  if (batch === undefined || !STORE_ID.test(batch.storeId)) return false;
  const sightings = batch.sightings;
  if (sightings.length < 1 || sightings.length > MAX_SIGHTINGS) return false;
  for (const sighting of sightings) {
    if (sighting.rollingId.length !== ROLLING_ID_BYTES || sighting.observedAt === undefined) return false;
    // max_len counts code points; UTF-16 units are at least as many, so within 64 units is within 64 code points.
    const units = sighting.beaconId.length;
    if (units < 1 || units > MAX_BEACON_ID_CHARS) return false;
    if (sighting.rssi < RSSI_MIN || sighting.rssi > RSSI_MAX) return false;
  }
  return true;
}
