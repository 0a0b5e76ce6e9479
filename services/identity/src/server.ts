// IdentityService RPCs, wired from the handler groups in handlers/.
import { IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { registration, type ServiceRegistration } from "#libs/grpc/src/index.js";
import type { Authenticate } from "./callers.js";
import type { IdentityConfig } from "./config.js";
import type { AccessTokenIssuer } from "./domain/access-tokens.js";
import { brandHandlers } from "./handlers/brands.js";
import { customerHandlers } from "./handlers/customers.js";
import { deviceHandlers } from "./handlers/devices.js";
import type { ResolverUpkeep } from "./resolver-upkeep.js";
import type { IdentityStore } from "./store/identity-store.js";
import type { RateLimiter } from "./store/rate-limiter.js";
import type { TokenService } from "./tokens.js";

export type IdentityDeps = {
  readonly config: IdentityConfig;
  readonly store: IdentityStore;
  readonly upkeep: ResolverUpkeep;
  readonly tokens: TokenService;
  readonly issuer: AccessTokenIssuer;
  readonly limiter: RateLimiter;
  readonly authenticate: Authenticate;
  /**
   * Tells other services' verifiers to drop a credential from their caches, and waits until NATS
   * has the announcement; best effort: it never fails the call.
   */
  readonly announceRevoked: (credentialHash: string) => Promise<void>;
};

export function identityService(deps: IdentityDeps): ServiceRegistration {
  return registration(IdentityService, {
    ...customerHandlers(deps),
    ...deviceHandlers(deps),
    ...brandHandlers(deps),
  });
}
