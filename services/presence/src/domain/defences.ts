// Replay and relay defences (docs/rolling-ids.md): pure decisions, no I/O.
import { INTERVAL_SECONDS } from "#libs/rolling-id/src/index.js";

/** A rolling ID heard over a span longer than two intervals is being replayed. */
export const MAX_ROLLING_ID_SPAN_MS = 2 * INTERVAL_SECONDS * 1000;

export function isReplay(firstSeenMs: number, observedAtMs: number): boolean {
  return observedAtMs - firstSeenMs > MAX_ROLLING_ID_SPAN_MS;
}

export type Whereabouts = {
  readonly place: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly atMs: number;
};

const EARTH_RADIUS_KM = 6371;
/** Stores closer than this are reachable at once (neighbouring stores, imprecise coordinates). */
const NEARBY_KM = 2;

export function distanceKm(a: Whereabouts, b: Whereabouts): number {
  const rad = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The same wearable at two places too far apart for the time between: one of them is a relay. */
export function isImpossibleTravel(previous: Whereabouts, current: Whereabouts, maxSpeedKmh: number): boolean {
  if (previous.place === current.place) return false;
  const km = distanceKm(previous, current);
  if (km <= NEARBY_KM) return false;
  const hours = Math.abs(current.atMs - previous.atMs) / 3_600_000;
  return km - NEARBY_KM > maxSpeedKmh * hours;
}

export function encodeWhereabouts(whereabouts: Whereabouts): string {
  return `${whereabouts.atMs},${whereabouts.latitude},${whereabouts.longitude},${whereabouts.place}`;
}

export function decodeWhereabouts(text: string): Whereabouts | undefined {
  const [atMs, latitude, longitude, ...place] = text.split(",");
  const parsed = { atMs: Number(atMs), latitude: Number(latitude), longitude: Number(longitude), place: place.join(",") };
  return Number.isFinite(parsed.atMs) && Number.isFinite(parsed.latitude) && Number.isFinite(parsed.longitude)
    ? parsed
    : undefined;
}
