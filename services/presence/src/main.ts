// Composition root: config -> clients -> server -> signals.
import "./gc-tuning.js";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { audiences, createCredentialVerifier } from "#libs/credentials/src/index.js";
import { startGrpcServer } from "#libs/grpc/src/index.js";
import { superviseService } from "#libs/lifecycle/src/index.js";
import { connectNats } from "#libs/nats/src/index.js";
import { connectRedis, RespPipeline } from "#libs/redis/src/index.js";
import { createLogger } from "#libs/telemetry/src/index.js";
import { loadConfig } from "./config.js";
import { CustomerData } from "./customer-data.js";
import { startDepartureSweeper } from "./departures.js";
import { presenceService } from "./server.js";
import { PresentCards } from "./store/counter-cards.js";
import { SightingResolver } from "./store/sighting-resolver.js";
import { Visits } from "./store/visits.js";
import { WhereaboutsRecords } from "./store/whereabouts.js";

const config = loadConfig();
const logger = createLogger(config.serviceName, config.logLevel);
const redis = await connectRedis(config.redisUrl, config.serviceName);
// What every batch does goes over a lean pipeline of its own (libs/redis pipeline.ts).
const hotPath = await RespPipeline.connect(config.redisUrl, `${config.serviceName}-hot-path`);
const nats = await connectNats(config.natsUrl, config.serviceName);
const visits = new Visits(redis, hotPath, config.visitAbsenceMs);
const customerData = new CustomerData(visits, new WhereaboutsRecords(redis), nats, logger);
await customerData.start(jetstream(nats), await jetstreamManager(nats));
const stopSweeper = startDepartureSweeper(visits, nats, logger, Math.min(1_000, config.visitAbsenceMs));
const grpc = await startGrpcServer({
  host: config.grpcHost,
  port: config.grpcPort,
  services: [
    presenceService({
      nats,
      resolver: new SightingResolver(hotPath, visits, config.maxTravelSpeedKmh),
      visits,
      credentials: createCredentialVerifier(nats, { cacheMs: config.credentialCacheMs, audience: audiences.presence }),
      cards: new PresentCards(hotPath, visits),
      logger,
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
    stopSweeper();
    await customerData.stop();
    hotPath.close();
  },
});
