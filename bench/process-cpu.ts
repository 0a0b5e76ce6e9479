// CPU time of the processes under test, read from /proc/<pid>/stat (utime + stime, all threads),
// the orchestrator's own children found by parent pid and command line, and the CPU time the
// hypervisor took from this VM (steal, /proc/stat).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export type MeasuredProcess = { readonly name: string; readonly pid: number };

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields after the command name, which is in parentheses and may hold spaces. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds the process has used so far; undefined once it is gone. */
export function cpuSecondsOf(pid: number): number | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  // After the name: state(3) ppid(4) ... utime(14) stime(15).
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The direct children of a process, with their command lines. */
export function childrenOf(parentPid: number): { pid: number; commandLine: string }[] {
  const children: { pid: number; commandLine: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const fields = statFields(pid);
    if (!fields || Number(fields[1]) !== parentPid) continue;
    try {
      children.push({ pid, commandLine: readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\u0000", " ") });
    } catch {
      // exited meanwhile
    }
  }
  return children;
}

/** Finds each named child of this process by a fragment of its command line. */
export function findOwnChildren(fragments: Readonly<Record<string, string>>): MeasuredProcess[] {
  const children = childrenOf(process.pid);
  return Object.entries(fragments).flatMap(([name, fragment]) => {
    const match = children.find((child) => child.commandLine.includes(fragment));
    return match ? [{ name, pid: match.pid }] : [];
  });
}

/**
 * CPU seconds stolen from this machine so far, all CPUs together: time a virtual CPU wanted to run
 * while the host ran something else (the 8th figure of /proc/stat's "cpu" line). Undefined where
 * /proc/stat is not readable.
 */
export function stolenCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]?.trim().split(/\s+/) ?? [];
    const steal = Number(fields[8]);
    return fields[0] === "cpu" && Number.isFinite(steal) ? steal / CLOCK_TICKS : undefined;
  } catch {
    return undefined;
  }
}

export function snapshotCpu(processes: readonly MeasuredProcess[]): Map<string, number> {
  const snapshot = new Map<string, number>();
  for (const each of processes) {
    const seconds = cpuSecondsOf(each.pid);
    if (seconds !== undefined) snapshot.set(each.name, seconds);
  }
  return snapshot;
}
