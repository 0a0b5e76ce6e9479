// Every Redis key usual uses is built here (documented in docs/redis-keys.md). Keys that a
// Redis Cluster must keep together share a {hash tag}.

export const redisKeys = {
  /**
   * Resolver table, written by identity, read by presence: one rolling ID (base64url of its 16
   * bytes) -> "<interval>:<customer id>". Expires once its interval is more than one in the past.
   */
  rollingId: (rollingIdBase64url: string) => `rid:${rollingIdBase64url}`,
  /** When presence first heard a rolling ID (unix ms), for the replay defence. */
  rollingIdFirstSeen: (rollingIdBase64url: string) => `rid-seen:${rollingIdBase64url}`,
  /** Where and when presence last recognised a customer ("<ms>,<lat>,<lon>,<brand>:<store>"), for the relay defence. */
  customerWhereabouts: (customerId: string) => `whereabouts:{${customerId}}`,
  /**
   * Consent projection, written by consent, read by presence: hash of what one brand may know
   * about one customer (fields in docs/redis-keys.md). Hash tag = the customer.
   */
  consentProjection: (customerId: string, brandId: string) => `consent:{${customerId}}:${brandId}`,
  /** Brands for which one customer holds a live recognition consent (part of the projection). */
  consentRecognitionBrands: (customerId: string) => `consent:{${customerId}}#recognition`,
  /** Marker consent writes once its projection is rebuilt from the ledger up to a sequence. */
  consentProjectionWatermark: () => "consent:projection:watermark",
  /**
   * Who is present at one store: sorted set of brand pseudonyms scored by when each was last
   * seen (unix ms). A member older than the absence timeout has left. Hash tag = the store.
   */
  storePresence: (brandId: string, storeId: string) => `presence:{${brandId}:${storeId}}`,
  /** Stores with anyone present ("<brand>:<store>"), for the departure sweeper. */
  activeStores: () => "presence:stores",
} as const;
