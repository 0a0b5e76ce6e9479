// tsoa builds controllers and authenticates requests through two module-level entry points
// (iocModule and authenticationModule in tsoa.json); this is where main.ts hands them what the
// composition root built, once, before the server listens.

import type { ConsentService } from "#gen/usual/consent/v1/consent_pb.js";
import type { IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import type { ServiceClient } from "#libs/grpc/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import type { PartyAuthenticator } from "../access/customer-access.js";
import type { DisplayTokens } from "../access/display-token.js";
import type { StoreAuthenticator } from "../access/store-access.js";
import type { GatewayConfig } from "../config.js";
import type { FeedbackPublisher } from "../feedback/publish-feedback.js";
import type { PresenceFeed } from "../live/presence-feed.js";
import type { PresenceClient } from "../live/presence-snapshot.js";

export type IdentityClient = ServiceClient<typeof IdentityService>;
export type ConsentClient = ServiceClient<typeof ConsentService>;

export type GatewayDeps = {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly presence: PresenceClient;
  readonly stores: StoreAuthenticator;
  readonly displayTokens: DisplayTokens;
  readonly feedback: FeedbackPublisher;
  readonly presenceFeed: PresenceFeed;
  readonly identity: IdentityClient;
  readonly consent: ConsentClient;
  readonly parties: PartyAuthenticator;
};

let provided: GatewayDeps | undefined;

export function provideDeps(deps: GatewayDeps): void {
  provided = deps;
}

export function deps(): GatewayDeps {
  if (!provided) throw new Error("gateway dependencies were not provided before the first request");
  return provided;
}

/** tsoa's iocModule: every controller takes the dependencies in its constructor. */
export const iocContainer = {
  get<T>(controller: new (deps: GatewayDeps) => T): T {
    return new controller(deps());
  },
};
