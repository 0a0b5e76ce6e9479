// The shared end of every service's main.ts: readiness that follows Redis and NATS, and the
// SIGTERM sequence of STYLE.md (NOT_SERVING, stop accepting, drain NATS, quit Redis, flush
// telemetry, exit).
import type { NatsConnection } from "@nats-io/transport-node";
import type { RunningGrpcServer } from "#libs/grpc/src/index.js";
import type { RedisClient } from "#libs/redis/src/index.js";
import { type Logger, shutdownTelemetry } from "#libs/telemetry/src/index.js";

export type RunningService = {
  readonly name: string;
  readonly logger: Logger;
  readonly grpc: RunningGrpcServer;
  readonly nats: NatsConnection;
  readonly redis: RedisClient;
  /** Stops the service's own workers before connections close. */
  readonly stopWorkers?: () => Promise<void>;
};

const SHUTDOWN_GRACE_MS = 5_000;

export function superviseService(service: RunningService): { stop(): Promise<void> } {
  let redisUp = service.redis.isReady;
  let natsUp = !service.nats.isClosed();
  const updateReadiness = () => service.grpc.setServing(redisUp && natsUp);
  service.redis.on("ready", () => {
    redisUp = true;
    updateReadiness();
  });
  service.redis.on("end", () => {
    redisUp = false;
    updateReadiness();
  });
  service.redis.on("reconnecting", () => {
    redisUp = false;
    updateReadiness();
  });
  void (async () => {
    for await (const status of service.nats.status()) {
      if (status.type === "disconnect") natsUp = false;
      else if (status.type === "reconnect") natsUp = true;
      else continue;
      service.logger.warn({ nats: status.type }, "nats connection changed");
      updateReadiness();
    }
  })();
  updateReadiness();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      service.logger.info("shutting down");
      service.grpc.setServing(false);
      await service.grpc.shutdown(SHUTDOWN_GRACE_MS);
      await service.stopWorkers?.();
      await service.nats.drain().catch(() => {});
      await service.redis.quit().catch(() => {});
      await shutdownTelemetry().catch(() => {});
      service.logger.info("stopped");
    })();
    return stopping;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  service.logger.info({ port: service.grpc.port }, "serving");
  return { stop };
}
