// Starts usual's services as separate processes, the way they run in production, each with its
// own gRPC port, against the given Redis and NATS, and waits until every one reports SERVING.

import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { describeExit, type SupervisedChild, spawnChild } from "./child.js";
import { generateConsentSecrets } from "./consent-secrets.js";
import { MeshStartError, outputTail } from "./errors.js";
import { createHealthProbe } from "./health.js";
import { generateIdentitySecrets } from "./identity-secrets.js";
import { freePorts } from "./ports.js";

export const SERVICE_NAMES = ["identity", "consent", "presence", "recommendations", "notifications", "gateway"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export type MeshOptions<N extends ServiceName> = {
  readonly redisUrl: string;
  readonly natsUrl: string;
  /** Which services to start; all six unless told. */
  readonly services?: readonly N[];
  /** LOG_LEVEL for every service; "info" unless told. */
  readonly logLevel?: string;
  readonly onLogLine?: (service: N, line: string) => void;
  /** Added to every service's environment (e.g. IDENTITY_MASTER_KEYS to keep devices across runs). */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** The repository root the services are started from; found from this file unless told. */
  readonly rootDir?: string;
  /** How long every service may take to report SERVING; 30 s unless told. */
  readonly readyTimeoutMs?: number;
  /** Extra node flags for every service, e.g. ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] to profile. */
  readonly nodeArgs?: readonly string[];
  /** Aborting stops what was started and rejects. */
  readonly signal?: AbortSignal;
};

export type RunningMesh<N extends ServiceName> = {
  /** gRPC address of each service, "127.0.0.1:<port>". */
  readonly addresses: Readonly<Record<N, string>>;
  /** http://127.0.0.1:<port> when the gateway was started. */
  readonly gatewayHttpUrl: string | undefined;
  /** The credential the identity service accepts from the platform operator (to register brands). */
  readonly operatorCredential: string;
  /** The last lines the service wrote. */
  logs(service: N): string[];
  /** SIGTERM to every service, SIGKILL to any still running after 8 s. */
  stop(): Promise<void>;
};

const HOST = "127.0.0.1";
const POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 8_000;
const DEFAULT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

const envPrefix = (name: ServiceName) => name.toUpperCase();

function meshEnvironment<N extends ServiceName>(options: MeshOptions<N>, ports: ReadonlyMap<N, number>, httpPort: number) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...generateIdentitySecrets(),
    ...generateConsentSecrets(),
    REDIS_URL: options.redisUrl,
    NATS_URL: options.natsUrl,
    LOG_LEVEL: options.logLevel ?? "info",
    ...options.extraEnv,
    GATEWAY_HTTP_PORT: String(httpPort),
  };
  // Every service learns every address, so one that calls another over gRPC can find it.
  for (const [name, port] of ports) {
    env[`${envPrefix(name)}_GRPC_HOST`] = HOST;
    env[`${envPrefix(name)}_GRPC_PORT`] = String(port);
  }
  return env;
}

async function waitUntilServing(name: string, address: string, child: SupervisedChild, deadline: number, signal: AbortSignal) {
  const probe = createHealthProbe(address);
  try {
    while (!(await probe.isServing())) {
      if (signal.aborted) throw new MeshStartError(`start-up stopped while waiting for ${name}`, { cause: signal.reason });
      if (child.hasExited()) {
        const status = await child.exited;
        throw new MeshStartError(
          `service ${name} ${describeExit(status)} before serving; its last output:\n${outputTail(child.lines())}`,
        );
      }
      if (Date.now() > deadline) {
        throw new MeshStartError(
          `service ${name} did not report SERVING on ${address} within the start-up timeout; its last output:\n${outputTail(child.lines())}`,
        );
      }
      await sleep(POLL_INTERVAL_MS);
    }
  } finally {
    probe.close();
  }
}

/**
 * Node flags every service runs with, here as in deploy/Dockerfile and the Helm chart. V8's memory
 * reducer runs a full, compacting collection once a process has gone quiet after start-up: in
 * identity and consent that was 50 ms of pause and more of marking on helper threads each, about
 * 100 s after start, and on a shared 2-core machine it stalled presence and Redis too (a p99 of
 * 65 ms at 2,000 sightings/s in the step it fell in; docs/architecture.md §11). A server keeps
 * its heap instead.
 */
const SERVICE_NODE_FLAGS = ["--no-memory-reducer"] as const;

export async function startMesh<N extends ServiceName = ServiceName>(options: MeshOptions<N>): Promise<RunningMesh<N>> {
  const names = [...new Set(options.services ?? (SERVICE_NAMES as readonly ServiceName[] as readonly N[]))];
  const allPorts = await freePorts(names.length + 1);
  const ports = new Map(names.map((name, index) => [name, allPorts[index] as number]));
  const httpPort = allPorts[names.length] as number;
  const env = meshEnvironment(options, ports, httpPort);
  const children = new Map<N, SupervisedChild>();
  for (const name of names) {
    children.set(
      name,
      spawnChild({
        command: process.execPath,
        args: [
          ...SERVICE_NODE_FLAGS,
          ...(options.nodeArgs ?? []),
          "--import",
          "./libs/telemetry/src/register.mjs",
          "--import",
          "tsx",
          `services/${name}/src/main.ts`,
        ],
        cwd: options.rootDir ?? DEFAULT_ROOT,
        env,
        ...(options.onLogLine ? { onLine: (line: string) => options.onLogLine?.(name, line) } : {}),
      }),
    );
  }
  const childOf = (name: N): SupervisedChild => {
    const child = children.get(name);
    if (!child) throw new MeshStartError(`service ${name} is not part of this mesh`);
    return child;
  };
  const addresses = Object.fromEntries(names.map((name) => [name, `${HOST}:${ports.get(name)}`])) as Record<N, string>;
  const stop = async () => {
    await Promise.all([...children.values()].map((child) => child.stop(STOP_GRACE_MS)));
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  // The first failure ends every wait; the caller's signal does too.
  const waits = new AbortController();
  const abortWaits = () => waits.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", abortWaits, { once: true });
  try {
    await Promise.all(
      names.map((name) =>
        waitUntilServing(name, addresses[name], childOf(name), deadline, waits.signal).catch((error: unknown) => {
          waits.abort(error);
          throw error;
        }),
      ),
    );
  } catch (error) {
    await stop();
    throw options.signal?.aborted ? new MeshStartError("start-up aborted", { cause: options.signal.reason }) : error;
  } finally {
    options.signal?.removeEventListener("abort", abortWaits);
  }
  return {
    addresses,
    gatewayHttpUrl: ports.has("gateway" as N) ? `http://${HOST}:${httpPort}` : undefined,
    operatorCredential: env.IDENTITY_OPERATOR_CREDENTIAL ?? "",
    logs: (name) => childOf(name).lines(),
    stop,
  };
}
