// The orchestrator's side of the host-stall probe (stall-probe.ts): starts it, and turns two
// reads of its counters into what happened between them.
import { type BenchChild, spawnBenchChild } from "./bench-child.js";
import type { FromStallProbe, ToStallProbe } from "./messages.js";

type Counts = Extract<FromStallProbe, { type: "counts" }>;

/** How often, and how badly, a thread that sleeps 1 ms at a time woke late during a window. */
export type HostStalls = {
  readonly wakeups: number;
  readonly lateOver1Ms: number;
  readonly lateOver5Ms: number;
  readonly maxLateMs: number;
};

export class StallProbe {
  private constructor(
    private readonly child: BenchChild<ToStallProbe, FromStallProbe>,
    /** The scheduling priority it runs at, in words. */
    readonly priority: string,
  ) {}

  static async start(): Promise<StallProbe> {
    const child = spawnBenchChild<ToStallProbe, FromStallProbe>("stall-probe", "bench/stall-probe.ts");
    const { priority } = await child.next("ready", 30_000);
    return new StallProbe(child, priority);
  }

  get pid(): number {
    return this.child.pid;
  }

  /** A mark to measure from: `since(mark)` reports what happened after it. */
  async mark(): Promise<Counts> {
    this.child.send({ type: "read" });
    return this.child.next("counts", 10_000);
  }

  async since(mark: Counts): Promise<HostStalls> {
    const now = await this.mark();
    return {
      wakeups: now.wakeups - mark.wakeups,
      lateOver1Ms: now.lateOver1Ms - mark.lateOver1Ms,
      lateOver5Ms: now.lateOver5Ms - mark.lateOver5Ms,
      maxLateMs: now.maxLateMsSinceLastRead,
    };
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}

export function describeStalls(stalls: HostStalls): string {
  return `${stalls.lateOver1Ms} wake-ups > 1 ms late, ${stalls.lateOver5Ms} > 5 ms (worst ${stalls.maxLateMs.toFixed(1)} ms) of ${stalls.wakeups.toLocaleString("en")}`;
}
