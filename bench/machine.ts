// What the numbers were measured on.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, loadavg, release, totalmem } from "node:os";
import type { Machine } from "./results.js";

function versionOf(binary: string, flag: string): string {
  try {
    return execFileSync(binary, [flag], { encoding: "utf8" }).trim().split("\n")[0] ?? binary;
  } catch {
    return `${binary} (version unknown)`;
  }
}

function cpuModel(): string {
  try {
    return /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? "unknown";
  } catch {
    return "unknown";
  }
}

export function describeMachine(loadAtStart: number): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpuModel(),
    memoryBytes: totalmem(),
    kernel: release(),
    node: process.version,
    redisServer: versionOf("redis-server", "--version").replace(/ sha=.*$/, ""),
    natsServer: versionOf("nats-server", "--version"),
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
  };
}

export const currentLoad = () => loadavg()[0] ?? 0;

/** The code measured: the commit, and whether the working tree differed from it (results aside). */
export function describeRevision(): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    const changes = execFileSync("git", ["status", "--porcelain", "--", ".", ":!bench/results"], { encoding: "utf8" });
    return { commit, dirty: changes.trim().length > 0 };
  } catch {
    return { commit: "unknown", dirty: true };
  }
}
