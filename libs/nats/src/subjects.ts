// Every NATS subject and JetStream name usual uses is built here (documented in
// docs/nats-subjects.md). Brand and store ids are validated as [a-z][a-z0-9-]* at the edge,
// so they are safe subject tokens; customer ids are base64url.

export const subjects = {
  /** Presence events for one store: arrived, left. */
  presence: (brandId: string, storeId: string) => `usual.presence.v1.${brandId}.${storeId}`,
  /** Presence events of every store of one brand (a subscription wildcard). */
  presenceOfBrand: (brandId: string) => `usual.presence.v1.${brandId}.*`,
  /** Every presence event (JetStream: PRESENCE_EVENTS, for the gateway's live displays to resume). */
  presenceAll: "usual.presence.v1.>",
  /** What staff did with one customer's card at one store (JetStream: STAFF_FEEDBACK). */
  staffFeedback: (brandId: string, storeId: string) => `usual.recommendations.v1.feedback.${brandId}.${storeId}`,
  staffFeedbackAll: "usual.recommendations.v1.feedback.>",
  /** Consent changes, for services that keep projections or caches (JetStream: CONSENT_CHANGES). */
  consentChanged: "usual.consent.v1.changed",
  /** One customer's consent ledger (JetStream: CONSENT_LEDGER). */
  consentLedger: (customerId: string) => `usual.consent.v1.ledger.${customerId}`,
  consentLedgerAll: "usual.consent.v1.ledger.>",
  /** Request/reply: who holds this credential. */
  verifyCredential: "usual.identity.v1.credentials.verify",
  /** Request/reply: the public keys access tokens are signed with (a JWKS), for local verification. */
  jwks: "usual.identity.v1.jwks",
  /** Core publish: a credential was revoked or rotated; verifiers drop it from their caches. */
  credentialRevoked: "usual.identity.v1.credentials.revoked",
  /** Request/reply: how a brand sees a customer (its pseudonym). */
  resolveBrandSubject: "usual.identity.v1.brand-subjects.resolve",
  /**
   * Request/reply (payload usual.consent.v1.ConsentChanged): consent asks identity to apply a
   * change that may start or stop recognition before the grant, revoke or erasure returns.
   */
  resolverApply: "usual.identity.v1.resolver.apply",
  /** A customer was erased: every service deletes what it holds (JetStream: CUSTOMER_ERASURES). */
  customerErased: "usual.customer.v1.erased",
  /** Request/reply: what one service holds about a customer, for the export. */
  customerExport: (service: string) => `usual.customer.v1.export.${service}`,
} as const;

export const streams = {
  consentLedger: "CONSENT_LEDGER",
  consentChanges: "CONSENT_CHANGES",
  customerErasures: "CUSTOMER_ERASURES",
  presenceEvents: "PRESENCE_EVENTS",
  staffFeedback: "STAFF_FEEDBACK",
} as const;

export const kvBuckets = {
  identityCustomers: "identity_customers",
  identityDevices: "identity_devices",
  identityBrands: "identity_brands",
  identityStores: "identity_stores",
  identityCredentials: "identity_credentials",
  identityTokenFamilies: "identity_token_families",
  /** Consent: each customer's ledger data key, wrapped; erasure purges it. */
  consentCustomerKeys: "consent_customer_keys",
  /** Consent: brands' notices, one key per brand, purpose and version. */
  consentNotices: "consent_notices",
  /** Consent: each brand's choices. */
  consentBrandChoices: "consent_brand_choices",
} as const;

/** Queue groups, so that replicas of one service share the work. */
export const queues = {
  identity: "identity",
  consent: "consent",
  presence: "presence",
} as const;
