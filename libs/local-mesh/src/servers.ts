// Real redis-server and nats-server processes on free loopback ports, for tests, the local run
// and the benchmarks. Each can be stopped and restarted on the same port and data directory.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findBinary } from "./binaries.js";
import { describeExit, type SupervisedChild, spawnChild } from "./child.js";
import { outputTail, ServerStartError } from "./errors.js";
import { freePort } from "./ports.js";
import { natsSendsInfo, redisAnswersPing } from "./probes.js";

export type RunningServer = {
  readonly kind: "redis" | "nats";
  readonly port: number;
  /** redis://127.0.0.1:<port> or nats://127.0.0.1:<port>. */
  readonly url: string;
  readonly dataDir: string;
  /** The last lines the server wrote. */
  output(): string[];
  /** Stops the server (SIGTERM, SIGKILL after a grace period); removes the data directory if it made it. */
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same port with the same data. */
  restart(): Promise<void>;
};

export type ServerOptions = {
  /** Where the server keeps its data; a fresh temporary directory, removed on stop(), unless given. */
  readonly dataDir?: string;
  readonly port?: number;
  readonly onLogLine?: (line: string) => void;
  /** How long to wait for the first accepted connection; 15 s unless told. */
  readonly readyTimeoutMs?: number;
};

export type RedisServerOptions = ServerOptions & {
  /** Keep an append-only file, so the data survives a restart (the local run); off unless told. */
  readonly appendOnly?: boolean;
};

type ServerSpec = {
  readonly kind: RunningServer["kind"];
  readonly binary: string;
  readonly args: (port: number, dataDir: string) => string[];
  readonly isReady: (port: number) => Promise<boolean>;
};

const STOP_GRACE_MS = 10_000;
const PROBE_INTERVAL_MS = 50;
const RESTART_ATTEMPTS = 5;

export function startRedisServer(options: RedisServerOptions = {}): Promise<RunningServer> {
  const appendOnly = options.appendOnly ?? false;
  return startServer(options, {
    kind: "redis",
    binary: findBinary("redis-server"),
    args: (port, dataDir) => [
      ...["--port", String(port), "--bind", "127.0.0.1", "--daemonize", "no", "--dir", dataDir],
      ...["--save", "", "--appendonly", appendOnly ? "yes" : "no"],
    ],
    isReady: redisAnswersPing,
  });
}

export function startNatsServer(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer(options, {
    kind: "nats",
    binary: findBinary("nats-server"),
    args: (port, dataDir) => ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", join(dataDir, "jetstream")],
    isReady: natsSendsInfo,
  });
}

async function launch(spec: ServerSpec, port: number, dataDir: string, options: ServerOptions): Promise<SupervisedChild> {
  const child = spawnChild({
    command: spec.binary,
    args: spec.args(port, dataDir),
    cwd: dataDir,
    // Its own process group: a terminal's Ctrl-C must not stop it before the services using it.
    detached: true,
    ...(options.onLogLine ? { onLine: options.onLogLine } : {}),
  });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  while (!(await spec.isReady(port))) {
    if (child.hasExited()) {
      const status = await child.exited;
      throw new ServerStartError(`${spec.binary} on port ${port} ${describeExit(status)}:\n${outputTail(child.lines())}`);
    }
    if (Date.now() > deadline) {
      await child.stop(STOP_GRACE_MS);
      throw new ServerStartError(
        `${spec.binary} did not accept connections on port ${port} in time:\n${outputTail(child.lines())}`,
      );
    }
    await sleep(PROBE_INTERVAL_MS);
  }
  return child;
}

async function startServer(options: ServerOptions, spec: ServerSpec): Promise<RunningServer> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = resolve(options.dataDir ?? mkdtempSync(join(tmpdir(), `usual-${spec.kind}-`)));
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  let child: SupervisedChild;
  try {
    child = await launch(spec, port, dataDir, options);
  } catch (error) {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    kind: spec.kind,
    port,
    url: `${spec.kind}://127.0.0.1:${port}`,
    dataDir,
    output: () => child.lines(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await child.stop(STOP_GRACE_MS);
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      if (stopped) throw new ServerStartError(`${spec.kind} server on port ${port} was stopped; it cannot restart`);
      await child.stop(STOP_GRACE_MS);
      // The old socket may linger a moment after exit; try the same port a few times.
      for (let attempt = 1; ; attempt += 1) {
        try {
          child = await launch(spec, port, dataDir, options);
          return;
        } catch (error) {
          if (attempt >= RESTART_ATTEMPTS) throw error;
          await sleep(200 * attempt);
        }
      }
    },
  };
}
