// A child process whose output is kept (the last lines, for error messages) and passed on line
// by line, and which can be stopped: SIGTERM, then SIGKILL after a grace period.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { guardChild } from "./orphan-guard.js";

export type ExitStatus = { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly error?: Error };

export type ChildOptions = {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** In its own process group, so a terminal's Ctrl-C reaches only the parent, which stops it in order. */
  readonly detached?: boolean;
  readonly onLine?: (line: string) => void;
  /** How many lines of output to keep; 500 unless told. */
  readonly keepLines?: number;
};

export type SupervisedChild = {
  readonly pid: number | undefined;
  /** Resolves once the process has exited and its output is read. */
  readonly exited: Promise<ExitStatus>;
  hasExited(): boolean;
  lines(): string[];
  stop(graceMs: number): Promise<ExitStatus>;
};

const OUTPUT_CLOSE_WAIT_MS = 500;

function keepReading(child: ChildProcess, onLine: (line: string) => void): Promise<void> {
  const streams = [child.stdout, child.stderr].filter((stream) => stream !== null);
  return Promise.all(
    streams.map(
      (stream) =>
        new Promise<void>((resolve) => {
          const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
          reader.on("line", onLine);
          reader.once("close", () => resolve());
        }),
    ),
  ).then(() => {});
}

export function spawnChild(options: ChildOptions): SupervisedChild {
  const keep = options.keepLines ?? 500;
  const kept: string[] = [];
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    detached: options.detached ?? false,
    stdio: ["ignore", "pipe", "pipe"],
  });
  guardChild(child);
  const outputRead = keepReading(child, (line) => {
    kept.push(line);
    if (kept.length > keep) kept.shift();
    options.onLine?.(line);
  });
  let done = false;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
    child.once("exit", (code, signal) => {
      const timeout = new Promise<void>((settle) => setTimeout(settle, OUTPUT_CLOSE_WAIT_MS).unref());
      void Promise.race([outputRead, timeout]).then(() => resolve({ code, signal }));
    });
  }).finally(() => {
    done = true;
  });

  const stop = async (graceMs: number): Promise<ExitStatus> => {
    if (done || child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const status = await exited;
    clearTimeout(timer);
    return status;
  };
  return { pid: child.pid, exited, hasExited: () => done, lines: () => [...kept], stop };
}

export function describeExit(status: ExitStatus): string {
  if (status.error) return `could not start: ${status.error.message}`;
  return status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
}
