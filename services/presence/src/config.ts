import { type CommonConfig, commonConfig, configReader } from "#libs/config/src/index.js";

export type PresenceConfig = CommonConfig & {
  /** A visit ends after this long without a sighting; a later sighting is a new arrival. */
  readonly visitAbsenceMs: number;
  /** How long a verified store credential is trusted before identity is asked again. */
  readonly credentialCacheMs: number;
  /** Faster than this between two stores is impossible travel: one of the sightings is a relay. */
  readonly maxTravelSpeedKmh: number;
};

export function loadConfig(env = process.env): PresenceConfig {
  const read = configReader(env);
  return Object.freeze({
    ...commonConfig(read, "presence", 50053),
    visitAbsenceMs: read.positiveInt("PRESENCE_VISIT_ABSENCE_MS", 5 * 60_000),
    credentialCacheMs: read.positiveInt("PRESENCE_CREDENTIAL_CACHE_MS", 30_000),
    maxTravelSpeedKmh: read.positiveInt("PRESENCE_MAX_TRAVEL_KMH", 300),
  });
}
