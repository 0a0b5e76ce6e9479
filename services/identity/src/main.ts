// Composition root: config -> clients -> server -> signals.
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { startGrpcServer } from "#libs/grpc/src/index.js";
import { superviseService } from "#libs/lifecycle/src/index.js";
import { connectNats } from "#libs/nats/src/index.js";
import { connectRedis } from "#libs/redis/src/index.js";
import { createLogger } from "#libs/telemetry/src/index.js";
import { loadConfig } from "./config.js";
import { serveInternalRequests } from "./internal-requests.js";
import { ResolverUpkeep } from "./resolver-upkeep.js";
import { identityService } from "./server.js";
import { IdentityStore } from "./store/identity-store.js";
import { ResolverTable } from "./store/resolver-table.js";

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
serveInternalRequests(nats, store, config, logger);
const grpc = await startGrpcServer({
  host: config.grpcHost,
  port: config.grpcPort,
  services: [identityService({ config, store, upkeep })],
  logger,
});
superviseService({ name: config.serviceName, logger, grpc, nats, redis, stopWorkers: () => upkeep.stop() });
