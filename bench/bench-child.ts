// A bench child process (load generator, subscriber) run with tsx and an IPC channel: typed
// messages both ways, waits for a message of a given type, and a stop that cannot leave it
// running (SIGTERM, SIGKILL after a grace period, SIGKILL on the parent's exit).
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const STOP_GRACE_MS = 3_000;
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export class BenchChildError extends Error {
  override name = "BenchChildError";
}

type Typed = { readonly type: string };

export type BenchChild<In, Out extends Typed> = {
  readonly name: string;
  readonly pid: number;
  send(message: In): void;
  /** The next message of this type (queued ones first); rejects if the child fails or exits. */
  next<T extends Out["type"]>(type: T, timeoutMs: number): Promise<Extract<Out, { type: T }>>;
  stop(): Promise<void>;
};

export function spawnBenchChild<In, Out extends Typed>(
  name: string,
  script: string,
  env: Readonly<Record<string, string>> = {},
): BenchChild<In, Out> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // Its own process group: a terminal's Ctrl-C reaches the orchestrator, which stops it in order.
    detached: true,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
  });
  if (child.pid === undefined) throw new BenchChildError(`${name} did not start`);
  live.add(child);
  const queued: Out[] = [];
  const waiters = new Set<{ type: string; resolve: (message: Out) => void; reject: (error: Error) => void }>();
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const waiter of waiters) waiter.reject(failure);
    waiters.clear();
  };
  child.on("message", (raw) => {
    const message = raw as Out;
    if (message.type === "error")
      return fail(new BenchChildError(`${name}: ${(message as unknown as { message: string }).message}`));
    const waiter = [...waiters].find((each) => each.type === message.type);
    if (!waiter) return void queued.push(message);
    waiters.delete(waiter);
    waiter.resolve(message);
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      live.delete(child);
      fail(new BenchChildError(`${name} exited (${signal ?? `code ${code}`})`));
      resolve();
    }),
  );

  return {
    name,
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    next(type, timeoutMs) {
      const index = queued.findIndex((message) => message.type === type);
      if (index >= 0) return Promise.resolve(queued.splice(index, 1)[0] as never);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new BenchChildError(`${name} sent no "${type}" within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          type,
          resolve: (message: Out) => {
            clearTimeout(timer);
            resolve(message as never);
          },
          reject: (error: Error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.add(waiter);
      });
    },
    async stop() {
      if (!live.has(child)) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * For the child side: report a failure to the parent, then exit. A child also exits when the
 * parent's channel closes, so it never outlives the orchestrator.
 */
export function reportFatal(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${message}\n`);
  if (process.send) process.send({ type: "error", message }, () => process.exit(1));
  else process.exit(1);
}

export function exitWithParent(): void {
  process.on("disconnect", () => process.exit(0));
  process.on("SIGTERM", () => process.exit(0));
}
