// Real Redis and NATS for integration tests, started on free loopback ports by
// libs/local-mesh. Use withInfrastructure() inside a describe() to get them for a suite.
import { type RunningServer, startNatsServer, startRedisServer } from "#libs/local-mesh/src/index.js";

export type Infrastructure = {
  readonly redis: RunningServer;
  readonly nats: RunningServer;
  stop(): Promise<void>;
};

const HOOK_TIMEOUT_MS = 30_000;

export async function startInfrastructure(): Promise<Infrastructure> {
  const [redis, nats] = await Promise.allSettled([startRedisServer(), startNatsServer()]);
  if (redis.status === "rejected" || nats.status === "rejected") {
    if (redis.status === "fulfilled") await redis.value.stop();
    if (nats.status === "fulfilled") await nats.value.stop();
    throw redis.status === "rejected" ? redis.reason : (nats as PromiseRejectedResult).reason;
  }
  return {
    redis: redis.value,
    nats: nats.value,
    stop: async () => {
      await Promise.all([redis.value.stop(), nats.value.stop()]);
    },
  };
}

/**
 * Starts Redis and NATS before the enclosing suite and stops them after it. Read the servers
 * from the returned object inside tests or hooks, not at describe() time.
 */
export function withInfrastructure(): Pick<Infrastructure, "redis" | "nats"> {
  let running: Infrastructure | undefined;
  const current = (): Infrastructure => {
    if (!running) throw new Error("infrastructure is not running: read it inside a test or hook");
    return running;
  };
  before(async function () {
    this.timeout(HOOK_TIMEOUT_MS);
    running = await startInfrastructure();
  });
  after(async function () {
    this.timeout(HOOK_TIMEOUT_MS);
    await running?.stop();
    running = undefined;
  });
  return {
    get redis() {
      return current().redis;
    },
    get nats() {
      return current().nats;
    },
  };
}
