// Children must not outlive the process that started them. Every live child is tracked here:
// on exit they are killed outright; on SIGINT/SIGTERM/SIGHUP, when nothing else in the process
// handles the signal, they are stopped and the signal is raised again so the process still
// ends the way it would have. When the application handles the signal itself (npm start
// stops everything in order), the guard stays out of its way.
import type { ChildProcess } from "node:child_process";

const live = new Set<ChildProcess>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const SIGNAL_GRACE_MS = 5_000;
let installed = false;

function killAll(signal: NodeJS.Signals): void {
  for (const child of live) child.kill(signal);
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  const exited = [...live].map((child) => new Promise<void>((resolve) => child.once("exit", () => resolve())));
  killAll("SIGTERM");
  const timer = setTimeout(() => killAll("SIGKILL"), SIGNAL_GRACE_MS);
  void Promise.all(exited).then(() => {
    clearTimeout(timer);
    for (const each of SIGNALS) process.removeListener(each, onSignal);
    process.kill(process.pid, signal);
  });
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", () => killAll("SIGKILL"));
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

export function guardChild(child: ChildProcess): void {
  install();
  live.add(child);
  child.once("exit", () => live.delete(child));
  child.once("error", () => live.delete(child));
}
