// Composition root: config -> clients -> servers -> signals.
import { readFile } from "node:fs/promises";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { ConsentService } from "#gen/usual/consent/v1/consent_pb.js";
import { IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import { audiences, createCredentialVerifier } from "#libs/credentials/src/index.js";
import { createServiceClient, startGrpcServer } from "#libs/grpc/src/index.js";
import { superviseService } from "#libs/lifecycle/src/index.js";
import { connectNats, ensureStream, presenceEventsStream, staffFeedbackStream } from "#libs/nats/src/index.js";
import { connectRedis } from "#libs/redis/src/index.js";
import { createLogger } from "#libs/telemetry/src/index.js";
import { createPartyAuthenticator } from "./access/customer-access.js";
import { createDisplayTokens } from "./access/display-token.js";
import { createStoreAuthenticator } from "./access/store-access.js";
import { loadConfig } from "./config.js";
import { createFeedbackPublisher } from "./feedback/publish-feedback.js";
import { createApp } from "./http/app.js";
import { close, listen } from "./http/http-server.js";
import { provideDeps } from "./http/wiring.js";
import { createPresenceFeed } from "./live/presence-feed.js";
import { endAllStreams } from "./live/sse.js";

const config = loadConfig();
const logger = createLogger(config.serviceName, config.logLevel);
if (config.displayTokenKeyIsEphemeral) {
  logger.warn("GATEWAY_DISPLAY_TOKEN_KEY is not set: display tokens are valid only until this process stops");
}
const redis = await connectRedis(config.redisUrl, config.serviceName);
const nats = await connectNats(config.natsUrl, config.serviceName);
const js = jetstream(nats);
const jsm = await jetstreamManager(nats);
await ensureStream(jsm, presenceEventsStream);
await ensureStream(jsm, staffFeedbackStream);
const presence = createServiceClient(PresenceService, config.presenceAddress);
const identity = createServiceClient(IdentityService, config.identityAddress);
const consent = createServiceClient(ConsentService, config.consentAddress);
const displayTokens = createDisplayTokens(config.displayTokenKey);
const credentials = createCredentialVerifier(nats, { cacheMs: config.credentialCacheMs, audience: audiences.gateway });
provideDeps({
  config,
  logger,
  presence,
  identity,
  consent,
  displayTokens,
  stores: createStoreAuthenticator(credentials, displayTokens),
  parties: createPartyAuthenticator(credentials),
  feedback: createFeedbackPublisher(js),
  presenceFeed: createPresenceFeed(js, jsm),
});
const openapi = JSON.parse(await readFile(new URL("./generated/openapi.json", import.meta.url), "utf8"));
const app = createApp({ config, logger, redis, openapi, isReady: () => redis.isReady && !nats.isClosed() });
const http = await listen(app, config.httpHost, config.httpPort);
const grpc = await startGrpcServer({ host: config.grpcHost, port: config.grpcPort, services: [], logger });
logger.info({ port: config.httpPort }, "http listening");
superviseService({
  name: config.serviceName,
  logger,
  grpc,
  nats,
  redis,
  stopWorkers: async () => {
    endAllStreams();
    await close(http, 5_000);
    presence.close();
    identity.close();
    consent.close();
  },
});
