// Writes one run's results: bench/results/<timestamp>.json, .md and .svg.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { plot } from "./plot.js";
import { renderMarkdown } from "./report.js";
import type { BenchResult } from "./results.js";

const RESULTS_DIR = fileURLToPath(new URL("./results/", import.meta.url));

/** JSON has no Infinity: an unbounded percentile (lost samples) is written as null. */
const finiteOrNull = (_key: string, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : value);

export function writeResults(result: BenchResult): { json: string; markdown: string; svg: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, "-");
  const paths = {
    json: join(RESULTS_DIR, `${stamp}.json`),
    markdown: join(RESULTS_DIR, `${stamp}.md`),
    svg: join(RESULTS_DIR, `${stamp}.svg`),
  };
  writeFileSync(paths.json, `${JSON.stringify(result, finiteOrNull, 2)}\n`);
  writeFileSync(paths.markdown, renderMarkdown(result));
  writeFileSync(paths.svg, plot(result));
  return paths;
}
