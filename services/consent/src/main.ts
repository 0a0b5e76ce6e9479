// Composition root: config -> clients -> server -> signals.
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { audiences, createCredentialVerifier } from "#libs/credentials/src/index.js";
import { startGrpcServer } from "#libs/grpc/src/index.js";
import { superviseService } from "#libs/lifecycle/src/index.js";
import { connectNats, consentChangesStream, customerErasuresStream, ensureStream } from "#libs/nats/src/index.js";
import { connectRedis } from "#libs/redis/src/index.js";
import { createLogger } from "#libs/telemetry/src/index.js";
import { loadConfig } from "./config.js";
import { ConsentWriter } from "./consent-writer.js";
import { CustomerQueue } from "./customer-queue.js";
import { ConsentProjector } from "./projector.js";
import { receiptSigner } from "./receipts.js";
import { consentService } from "./server.js";
import { BrandCatalogue } from "./store/brand-catalogue.js";
import { CustomerKeys } from "./store/customer-keys.js";
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
await ensureStream(jsm, customerErasuresStream);
const keys = await CustomerKeys.open(nats, config.keyEncryptionKey);
const catalogue = await BrandCatalogue.open(nats);
const receipts = await receiptSigner(config.receiptSigningKey);
const projection = new ConsentProjection(redis);
const projector = new ConsentProjector(projection, keys);
const rebuild = async () => {
  const applied = await projector.rebuildIfMissing(ledger);
  if (applied !== undefined) logger.info({ entries: applied }, "consent projection rebuilt from the ledger");
};
await rebuild();
// Redis without persistence comes back empty after a restart: rebuild before anyone relies on it.
redis.on("ready", () => {
  rebuild().catch((error) => logger.error({ err: error }, "projection rebuild failed"));
});
const writer = new ConsentWriter({ nats, js, logger, ledger, projector, keys, receipts, queue: new CustomerQueue() });
const grpc = await startGrpcServer({
  host: config.grpcHost,
  port: config.grpcPort,
  services: [
    consentService({
      nats,
      js,
      ledger,
      projection,
      keys,
      catalogue,
      receipts,
      writer,
      credentials: createCredentialVerifier(nats, { cacheMs: config.credentialCacheMs, audience: audiences.consent }),
      programmeNoticeVersion: config.programmeNoticeVersion,
      exportServices: config.exportServices,
      exportTimeoutMs: config.exportTimeoutMs,
    }),
  ],
  logger,
});
superviseService({ name: config.serviceName, logger, grpc, nats, redis });
