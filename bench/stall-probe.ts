// The host-stall probe (a child process): one thread sleeps 1 ms at a time and counts how late it
// wakes. It runs at real-time priority (SCHED_FIFO) where the machine allows, so no process
// inside this machine can hold it back: a late wake-up then means the whole virtual CPU was not
// running (the hypervisor ran something else) or the kernel itself was busy. That is the noise
// under every latency the bench measures, and the hypervisor does not always report it as steal.
// The orchestrator reads the counters when a window opens and when it closes.
import { execFileSync } from "node:child_process";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { exitWithParent, reportFatal } from "./bench-child.js";
import type { FromStallProbe, ToStallProbe } from "./messages.js";

const SLEEP_MS = 1;
/** Counter slots shared between the sleeping thread and the main thread. */
const WAKEUPS = 0;
const LATE_OVER_1_MS = 1;
const LATE_OVER_5_MS = 2;
/** Largest lateness since the last read, in µs. */
const MAX_LATE_MICROS = 3;
const SLOTS = 4;

/** The sleeping thread: never returns. */
function sleepAndCount(counters: Int32Array): void {
  const nothing = new Int32Array(new SharedArrayBuffer(4));
  parentPort?.postMessage("sleeping");
  for (;;) {
    const before = performance.now();
    Atomics.wait(nothing, 0, 0, SLEEP_MS);
    const lateMs = performance.now() - before - SLEEP_MS;
    Atomics.add(counters, WAKEUPS, 1);
    if (lateMs > 1) Atomics.add(counters, LATE_OVER_1_MS, 1);
    if (lateMs > 5) Atomics.add(counters, LATE_OVER_5_MS, 1);
    const lateMicros = Math.round(lateMs * 1000);
    if (lateMicros > Atomics.load(counters, MAX_LATE_MICROS)) Atomics.store(counters, MAX_LATE_MICROS, lateMicros);
  }
}

/** SCHED_FIFO for this thread and the threads it starts from now on (they inherit it). */
function becomeRealTime(): string {
  try {
    execFileSync("chrt", ["--fifo", "--pid", "1", String(process.pid)], { stdio: "ignore" });
    return "real-time (SCHED_FIFO)";
  } catch {
    return "normal (SCHED_FIFO not allowed here: late wake-ups include waiting behind other processes)";
  }
}

function main(): void {
  const tell = (message: FromStallProbe) => process.send?.(message);
  const priority = becomeRealTime();
  const counters = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const sleeper = new Worker(new URL(import.meta.url), { workerData: counters });
  sleeper.on("error", reportFatal);
  process.on("message", (raw) => {
    if ((raw as ToStallProbe).type !== "read") return;
    tell({
      type: "counts",
      wakeups: Atomics.load(counters, WAKEUPS),
      lateOver1Ms: Atomics.load(counters, LATE_OVER_1_MS),
      lateOver5Ms: Atomics.load(counters, LATE_OVER_5_MS),
      maxLateMsSinceLastRead: Atomics.exchange(counters, MAX_LATE_MICROS, 0) / 1000,
    });
  });
  sleeper.once("message", () => tell({ type: "ready", priority }));
}

if (isMainThread) {
  exitWithParent();
  try {
    main();
  } catch (error) {
    reportFatal(error);
  }
} else {
  sleepAndCount(workerData as Int32Array);
}
