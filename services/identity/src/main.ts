// Composition root: config -> clients -> server -> signals.
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { CredentialRevokedSchema } from "#gen/usual/identity/v1/internal_pb.js";
import { startGrpcServer } from "#libs/grpc/src/index.js";
import { superviseService } from "#libs/lifecycle/src/index.js";
import { connectNats, publishMessage, subjects } from "#libs/nats/src/index.js";
import { connectRedis } from "#libs/redis/src/index.js";
import { createLogger } from "#libs/telemetry/src/index.js";
import { authenticator } from "./callers.js";
import { loadConfig } from "./config.js";
import { CustomerData } from "./customer-data.js";
import { AccessTokenIssuer } from "./domain/access-tokens.js";
import { serveInternalRequests } from "./internal-requests.js";
import { ResolverUpkeep } from "./resolver-upkeep.js";
import { identityService } from "./server.js";
import { IdentityStore } from "./store/identity-store.js";
import { RateLimiter } from "./store/rate-limiter.js";
import { ResolverTable } from "./store/resolver-table.js";
import { TokenFamilies } from "./store/token-families.js";
import { TokenService } from "./tokens.js";

const config = loadConfig();
const logger = createLogger(config.serviceName, config.logLevel);
const redis = await connectRedis(config.redisUrl, config.serviceName);
const nats = await connectNats(config.natsUrl, config.serviceName);
const store = await IdentityStore.open(nats);
const upkeep = new ResolverUpkeep(store, new ResolverTable(redis), config.masterKeys, logger);
await upkeep.start(jetstream(nats), await jetstreamManager(nats));
// Redis keeps no data across a restart here: put the table back as soon as it returns.
redis.on("ready", () => {
  upkeep.refreshAll().then(
    (devices) => logger.info({ devices }, "resolver table refreshed after Redis reconnected"),
    (error) => logger.error({ err: error }, "resolver table refresh failed"),
  );
});
const issuer = new AccessTokenIssuer(config.tokenKeys, config.activeTokenKey, config.accessTokenSeconds);
const limiter = new RateLimiter(redis, {
  "sign-in": config.rateLimits.signIn,
  refresh: config.rateLimits.refresh,
  pair: config.rateLimits.pairing,
});
const families = await TokenFamilies.open(nats, config.refreshTokenSeconds);
const tokens = new TokenService(store, families, issuer, limiter, config.refreshTokenSeconds);
serveInternalRequests(nats, store, config, issuer, upkeep, logger);
const customerData = new CustomerData(store, families, upkeep, limiter, logger);
await customerData.start(nats, jetstream(nats), await jetstreamManager(nats));
const grpc = await startGrpcServer({
  host: config.grpcHost,
  port: config.grpcPort,
  services: [
    identityService({
      config,
      store,
      upkeep,
      tokens,
      issuer,
      limiter,
      authenticate: authenticator(store, issuer),
      announceRevoked: async (credentialHash) => {
        publishMessage(nats, subjects.credentialRevoked, CredentialRevokedSchema, { credentialHash });
        await nats.flush().catch((error: unknown) => logger.warn({ err: error }, "a credential revocation may not be announced"));
      },
    }),
  ],
  logger,
});
superviseService({
  name: config.serviceName,
  logger,
  grpc,
  nats,
  redis,
  stopWorkers: async () => {
    await upkeep.stop();
    await customerData.stop();
  },
});
