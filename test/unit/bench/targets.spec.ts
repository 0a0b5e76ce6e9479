import assert from "node:assert/strict";
import type { BenchResult, PopulationResult, StepResult } from "../../../bench/results.js";
import { highestSustained, judgeTargets, median } from "../../../bench/targets.js";

describe("bench - target verdicts", () => {
  const step = (offeredPerSecond: number, p50: number, p99: number, sustained = true, generatorCpuMs = 90): StepResult =>
    ({
      offeredPerSecond,
      latencyMs: { p50, p99 },
      sustained,
      cpuMsPer1000Sightings: { presence: 110, "load-generator": generatorCpuMs },
    }) as unknown as StepResult;
  const population = (devices: number, steps: StepResult[]): PopulationResult =>
    ({ devices, steps, floor: { floorMs: 0.2 }, seed: { devices, bytesPerRollingIdEntry: 60 } }) as unknown as PopulationResult;
  const run = (...populations: PopulationResult[]): Omit<BenchResult, "targets"> =>
    ({ populations, highestSustainedPerSecond: highestSustained(populations[0]) }) as unknown as Omit<BenchResult, "targets">;
  const verdict = (result: Omit<BenchResult, "targets">, prefix: string) => {
    const found = judgeTargets(result).find((target) => target.target.startsWith(prefix));
    assert.ok(found, `no target starting with ${prefix}`);
    return found;
  };

  it("bench - the median of a rate's steps decides, and every step is shown", () => {
    const result = run(population(10_000, [step(2_000, 1.2, 4.1), step(2_000, 3.0, 30), step(2_000, 1.4, 4.8)]));
    assert.deepEqual(verdict(result, "p50 <= 1.5 ms"), {
      target: "p50 <= 1.5 ms at 2,000 sightings/s",
      measured: "1.40 ms (median of 3 steps: 1.20, 3.00, 1.40)",
      verdict: "PASS",
    });
    assert.equal(verdict(result, "p99 <= 5 ms").verdict, "PASS", "one unlucky step of three does not decide");
  });

  it("bench - one step is reported as it is", () => {
    const result = run(population(10_000, [step(2_000, 1.6, 4)]));
    assert.deepEqual(verdict(result, "p50 <= 1.5 ms"), {
      target: "p50 <= 1.5 ms at 2,000 sightings/s",
      measured: "1.60 ms",
      verdict: "MISS",
    });
  });

  it("bench - a rate counts as sustained only if most of its steps were", () => {
    const twoOfThree = population(10_000, [
      step(20_000, 5, 20),
      step(25_000, 5, 20),
      step(25_000, 5, 40, false),
      step(25_000, 5, 22),
    ]);
    assert.equal(highestSustained(twoOfThree), 25_000);
    const oneOfThree = population(10_000, [
      step(20_000, 5, 20),
      step(25_000, 5, 20),
      step(25_000, 5, 40, false),
      step(25_000, 5, 90, false),
    ]);
    assert.equal(highestSustained(oneOfThree), 20_000);
    assert.match(
      verdict(run(oneOfThree), ">= 25,000").measured,
      /^highest sustained: 20,000\/s; at 25,000\/s 1 of 3 steps sustained/,
    );
  });

  it("bench - the 25,000/s target is judged by its own steps, not by one lucky step at a higher rate", () => {
    const result = run(
      population(10_000, [step(25_000, 5, 20), step(25_000, 5, 40, false), step(25_000, 5, 30, false), step(30_000, 5, 20)]),
    );
    const sustained = verdict(result, ">= 25,000");
    assert.equal(sustained.verdict, "MISS");
    assert.match(sustained.measured, /^highest sustained: 30,000\/s; at 25,000\/s 1 of 3 steps sustained/);
    const withoutRepeats = run(population(10_000, [step(20_000, 5, 20), step(30_000, 5, 20)]));
    assert.equal(
      verdict(withoutRepeats, ">= 25,000").verdict,
      "PASS",
      "a sustained higher rate counts when 25,000/s did not run",
    );
  });

  it("bench - 1M devices is compared with 10k by the medians of both", () => {
    const result = run(
      population(10_000, [step(2_000, 1.0, 4), step(2_000, 1.2, 4), step(2_000, 2.0, 4)]),
      population(1_000_000, [step(2_000, 1.3, 4), step(2_000, 1.25, 4), step(2_000, 0.9, 4)]),
    );
    const scaling = verdict(result, "p50 at N = 1,000,000");
    assert.equal(scaling.verdict, "PASS");
    assert.match(scaling.measured, /\(4\.2 %\); load generator CPU per sighting, which does not depend on N: \+0\.0 %$/);
  });

  it("bench - beside the scaling verdict, the load generator's CPU shows when the machine itself ran slower", () => {
    const result = run(
      population(10_000, [step(2_000, 1.0, 4, true, 80), step(2_000, 1.05, 4, true, 78), step(2_000, 1.1, 4, true, 81)]),
      population(1_000_000, [step(2_000, 1.2, 4, true, 96), step(2_000, 1.25, 4, true, 94), step(2_000, 1.3, 4, true, 104)]),
    );
    const scaling = verdict(result, "p50 at N = 1,000,000");
    assert.equal(scaling.verdict, "MISS", "the control explains a miss; it does not excuse one");
    assert.match(scaling.measured, /\(19\.0 %\); load generator CPU per sighting, which does not depend on N: \+20\.0 %$/);
  });

  it("bench - median of an even count, and of lost samples (unbounded)", () => {
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([1, Number.POSITIVE_INFINITY, 2]), 2);
    assert.ok(Number.isNaN(median([])));
  });
});
