// Every Redis key usual uses is built here (documented in docs/redis-keys.md). Keys that a
// Redis Cluster must keep together share a {hash tag}.

export const redisKeys = {
  /**
   * Resolver table, written by identity, read by presence: one rolling ID (base64url of its 16
   * bytes) -> "<interval>:<customer id>". Expires once its interval is more than one in the past.
   */
  rollingId: (rollingIdBase64url: string) => `rid:${rollingIdBase64url}`,
  /**
   * Consent projection, written by consent, read by presence: hash of what one brand may know
   * about one customer (fields in docs/redis-keys.md). Hash tag = the customer.
   */
  consentProjection: (customerId: string, brandId: string) => `consent:{${customerId}}:${brandId}`,
  /** Brands for which one customer holds a live recognition consent (part of the projection). */
  consentRecognitionBrands: (customerId: string) => `consent:{${customerId}}#recognition`,
  /** Marker consent writes once its projection is rebuilt from the ledger up to a sequence. */
  consentProjectionWatermark: () => "consent:projection:watermark",
  /** One visit of one customer (by brand pseudonym) to one store; expires after the absence timeout. */
  visit: (brandId: string, storeId: string, pseudonym: string) => `visit:{${brandId}:${storeId}}:${pseudonym}`,
} as const;
