// The services themselves, as separate processes against real Redis and NATS, for end-to-end
// tests. Use withMesh() inside a describe(); a service that fails to start fails the hook with
// its last output.
import { type RunningMesh, type ServiceName, startMesh } from "#libs/local-mesh/src/index.js";
import { type Infrastructure, startInfrastructure } from "./servers.js";

export type TestMesh<N extends ServiceName> = {
  readonly infrastructure: Infrastructure;
  readonly mesh: RunningMesh<N>;
};

// A loaded two-core machine (CI, or helpers running suites side by side) can take most of a
// minute to bring six Node processes to SERVING; the hook outlasts the mesh's own deadline.
const READY_TIMEOUT_MS = 75_000;
const HOOK_TIMEOUT_MS = 90_000;

export type TestMeshOptions = {
  /** LOG_LEVEL for the services; $LOG_LEVEL or "warn" unless told. */
  readonly logLevel?: string;
  readonly extraEnv?: Readonly<Record<string, string>>;
};

export function withMesh<N extends ServiceName = ServiceName>(
  services?: readonly N[],
  options: TestMeshOptions = {},
): TestMesh<N> {
  let infrastructure: Infrastructure | undefined;
  let mesh: RunningMesh<N> | undefined;
  before(async function () {
    this.timeout(HOOK_TIMEOUT_MS);
    infrastructure = await startInfrastructure();
    mesh = await startMesh<N>({
      redisUrl: infrastructure.redis.url,
      natsUrl: infrastructure.nats.url,
      logLevel: options.logLevel ?? process.env.LOG_LEVEL ?? "warn",
      readyTimeoutMs: READY_TIMEOUT_MS,
      ...(services ? { services } : {}),
      ...(options.extraEnv ? { extraEnv: options.extraEnv } : {}),
    });
  });
  after(async function () {
    this.timeout(HOOK_TIMEOUT_MS);
    await mesh?.stop();
    await infrastructure?.stop();
    mesh = undefined;
    infrastructure = undefined;
  });
  const required = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the mesh is not running: read it inside a test or hook");
    return value;
  };
  return {
    get infrastructure() {
      return required(infrastructure);
    },
    get mesh() {
      return required(mesh);
    },
  };
}
