// Answers other services' NATS requests: credential verification, the token-signing keys, brand
// pseudonyms, and consent changes to apply to the resolver table before consent's call returns.
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { ConsentChangedSchema } from "#gen/usual/consent/v1/events_pb.js";
import {
  ApplyConsentChangeResponseSchema,
  JwksRequestSchema,
  JwksResponseSchema,
  ResolveBrandSubjectRequestSchema,
  ResolveBrandSubjectResponseSchema,
  VerifyCredentialRequestSchema,
  VerifyCredentialResponseSchema,
} from "#gen/usual/identity/v1/internal_pb.js";
import { ACCESS_TOKEN_ISSUER } from "#libs/credentials/src/index.js";
import { queues, serveRequests, subjects } from "#libs/nats/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import type { IdentityConfig } from "./config.js";
import type { AccessTokenIssuer } from "./domain/access-tokens.js";
import { brandPseudonym, credentialHash } from "./domain/secrets.js";
import type { ResolverUpkeep } from "./resolver-upkeep.js";
import type { IdentityStore } from "./store/identity-store.js";

export function serveInternalRequests(
  nc: NatsConnection,
  store: IdentityStore,
  config: IdentityConfig,
  issuer: AccessTokenIssuer,
  upkeep: ResolverUpkeep,
  logger: Logger,
): Subscription[] {
  const onError = (error: unknown) => logger.error({ err: error }, "internal request failed");
  return [
    serveRequests(
      nc,
      subjects.verifyCredential,
      VerifyCredentialRequestSchema,
      VerifyCredentialResponseSchema,
      async ({ credential }) => {
        const record = credential ? await store.credential(credentialHash(credential)) : undefined;
        // A customer's credential only signs in, and a device's only refreshes its keys: other
        // services see customers through access tokens, which they verify themselves.
        switch (record?.kind) {
          case "brand":
            return { principal: { case: "brand" as const, value: { brandId: record.brandId } } };
          case "store": {
            const location = await store.store(record.brandId, record.storeId);
            return {
              principal: {
                case: "store" as const,
                value: {
                  brandId: record.brandId,
                  storeId: record.storeId,
                  latitude: location?.latitude ?? 0,
                  longitude: location?.longitude ?? 0,
                },
              },
            };
          }
          default:
            return {};
        }
      },
      { queue: queues.identity, onError },
    ),
    serveRequests(
      nc,
      subjects.jwks,
      JwksRequestSchema,
      JwksResponseSchema,
      async () => ({ jwksJson: JSON.stringify(issuer.jwks()), issuer: ACCESS_TOKEN_ISSUER }),
      { queue: queues.identity, onError },
    ),
    serveRequests(
      nc,
      subjects.resolveBrandSubject,
      ResolveBrandSubjectRequestSchema,
      ResolveBrandSubjectResponseSchema,
      async ({ customerId, brandId }) => {
        if (!(await store.brand(brandId))) return { brandExists: false };
        return { brandExists: true, pseudonym: brandPseudonym(config.pseudonymSecret, brandId, customerId) };
      },
      { queue: queues.identity, onError },
    ),
    // The same change also arrives through the durable CONSENT_CHANGES consumer; whichever comes
    // first applies it, the other finds its ledger sequence already recorded.
    serveRequests(
      nc,
      subjects.resolverApply,
      ConsentChangedSchema,
      ApplyConsentChangeResponseSchema,
      async (change) => {
        await upkeep.applyRecognition(change.customerId, change.recognitionLiveAnywhere, Number(change.ledgerSequence));
        return {};
      },
      { queue: queues.identity, onError },
    ),
  ];
}
