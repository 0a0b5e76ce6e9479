// Composition root: config -> clients -> server -> signals.
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { createCredentialVerifier } from "#libs/credentials/src/index.js";
import { startGrpcServer } from "#libs/grpc/src/index.js";
import { superviseService } from "#libs/lifecycle/src/index.js";
import { connectNats, consentChangesStream, ensureStream } from "#libs/nats/src/index.js";
import { connectRedis } from "#libs/redis/src/index.js";
import { createLogger } from "#libs/telemetry/src/index.js";
import { loadConfig } from "./config.js";
import { CustomerQueue } from "./customer-queue.js";
import { consentService } from "./server.js";
import { ConsentLedger } from "./store/ledger.js";
import { ConsentProjection } from "./store/projection.js";

const config = loadConfig();
const logger = createLogger(config.serviceName, config.logLevel);
const redis = await connectRedis(config.redisUrl, config.serviceName);
const nats = await connectNats(config.natsUrl, config.serviceName);
const js = jetstream(nats);
const jsm = await jetstreamManager(nats);
const ledger = new ConsentLedger(js, jsm);
await ledger.ensure();
await ensureStream(jsm, consentChangesStream);
const projection = new ConsentProjection(redis);
const rebuild = async () => {
  const applied = await projection.rebuildIfMissing(ledger);
  if (applied !== undefined) logger.info({ entries: applied }, "consent projection rebuilt from the ledger");
};
await rebuild();
// Redis without persistence comes back empty after a restart: rebuild before anyone relies on it.
redis.on("ready", () => {
  rebuild().catch((error) => logger.error({ err: error }, "projection rebuild failed"));
});
const grpc = await startGrpcServer({
  host: config.grpcHost,
  port: config.grpcPort,
  services: [
    consentService({
      nats,
      js,
      ledger,
      projection,
      credentials: createCredentialVerifier(nats, { cacheMs: config.credentialCacheMs }),
      queue: new CustomerQueue(),
    }),
  ],
  logger,
});
superviseService({ name: config.serviceName, logger, grpc, nats, redis });
