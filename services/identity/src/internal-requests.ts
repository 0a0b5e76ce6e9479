// Answers other services' NATS requests: credential verification and brand pseudonyms.
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import {
  ResolveBrandSubjectRequestSchema,
  ResolveBrandSubjectResponseSchema,
  VerifyCredentialRequestSchema,
  VerifyCredentialResponseSchema,
} from "#gen/usual/identity/v1/internal_pb.js";
import { queues, serveRequests, subjects } from "#libs/nats/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import type { IdentityConfig } from "./config.js";
import { brandPseudonym, credentialHash } from "./domain/secrets.js";
import type { IdentityStore } from "./store/identity-store.js";

export function serveInternalRequests(
  nc: NatsConnection,
  store: IdentityStore,
  config: IdentityConfig,
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
        switch (record?.kind) {
          case "customer":
            return { principal: { case: "customer" as const, value: { customerId: record.customerId } } };
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
      subjects.resolveBrandSubject,
      ResolveBrandSubjectRequestSchema,
      ResolveBrandSubjectResponseSchema,
      async ({ customerId, brandId }) => {
        if (!(await store.brand(brandId))) return { brandExists: false };
        return { brandExists: true, pseudonym: brandPseudonym(config.pseudonymSecret, brandId, customerId) };
      },
      { queue: queues.identity, onError },
    ),
  ];
}
