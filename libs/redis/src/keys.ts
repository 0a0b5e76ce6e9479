// Every Redis key usual uses is built here (documented in docs/redis-keys.md). Keys that a
// Redis Cluster must keep together share a {hash tag}.

/**
 * Shards of the resolver table: at a million devices (four live entries each) about 60 entries
 * per shard, well within Redis's compact listpack encoding of small hashes (128 by default).
 */
export const ROLLING_ID_SHARDS = 65_536;

export const redisKeys = {
  /**
   * Resolver table, written by identity, read by presence: per day of the rolling ID's interval,
   * small hashes, the shard chosen by the rolling ID's first two bytes; field = the 16 raw
   * rolling-ID bytes, value = "<interval>:<customer id>". Small hashes keep Redis compact (no
   * key and expiry per entry); identity deletes entries whose interval is past, and a day's
   * shards expire whole once the day's last interval is more than one interval in the past.
   */
  rollingIdShard: (day: number, rollingId: Uint8Array) =>
    `rid:${day}:${(((rollingId[0] ?? 0) << 8) | (rollingId[1] ?? 0)) % ROLLING_ID_SHARDS}`,
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
  /** Brands a customer has any consent projection for (part of the projection). */
  consentBrands: (customerId: string) => `consent:{${customerId}}#brands`,
  /** A customer's programme opt-in and how far the projection has settled (part of the projection). */
  consentCustomer: (customerId: string) => `consent:{${customerId}}#customer`,
  /** Which customer a brand's pseudonym stands for, so a brand can read answers given to it. Hash tag = the brand. */
  consentPseudonym: (brandId: string, pseudonym: string) => `consent:pseudonym:{${brandId}}:${pseudonym}`,
  /**
   * Suggestions recommendations precomputed for one customer at one brand (binary
   * usual.recommendations.v1.Suggestions), read by presence on arrival. Hash tag = the customer.
   */
  suggestions: (customerId: string, brandId: string) => `suggestions:{${customerId}}:${brandId}`,
  /** Marker consent writes once its projection is rebuilt from the ledger up to a sequence. */
  consentProjectionWatermark: () => "consent:projection:watermark",
  /**
   * Who is present at one store: sorted set of brand pseudonyms scored by when each was last
   * seen (unix ms). A member older than the absence timeout has left. Hash tag = the store.
   */
  storePresence: (brandId: string, storeId: string) => `presence:{${brandId}:${storeId}}`,
  /**
   * Fixed-window rate-limit counter, written by identity (INCR, PEXPIRE at the window's first hit):
   * `action` names what is limited (sign-in, refresh, pair), `subject` whom (a credential hash,
   * a token family, a customer id). Hash tag = the pair.
   */
  rateLimit: (action: string, subject: string) => `ratelimit:{${action}:${subject}}`,
  /**
   * Who the visitors present at one store are, for the counter cards of WatchPresence's
   * snapshot: hash pseudonym -> customer id, presence's own (never given to a brand). Same hash
   * tag as the store's presence set, so one script keeps both.
   */
  storeVisitors: (brandId: string, storeId: string) => `presence:{${brandId}:${storeId}}:customers`,
  /** Stores with anyone present ("<brand>:<store>"), for the departure sweeper. */
  activeStores: () => "presence:stores",
  /**
   * The gateway's request count for one caller in one minute (unix minute); the caller is a hash
   * of its credential, never the credential. Expires two minutes after it is first counted.
   */
  gatewayRateLimit: (callerHash: string, minute: number) => `gateway:ratelimit:{${callerHash}}:${minute}`,
} as const;
