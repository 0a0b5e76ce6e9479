// The SVG plot, written by hand: (a) arrival latency p50 / p99 against offered rate, one colour
// per N, with the floor and the targets drawn in; (b) the cost of resolving one sighting against
// N, trial derivation beside the table lookups, with the end-to-end p50 at 2,000/s.
import type { BenchResult, StepResult } from "./results.js";
import { median } from "./targets.js";

type Point = { readonly x: number; readonly y: number };
type Series = { readonly label: string; readonly colour: string; readonly dashed?: boolean; readonly points: readonly Point[] };
type Panel = {
  readonly left: number;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly rules: readonly { readonly y: number; readonly label: string; readonly colour: string }[];
};

const WIDTH = 1100;
const HEIGHT = 460;
const PANEL = { width: 430, top: 50, height: 320 };
const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"];

const xmlText = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const short = (value: number) =>
  value >= 1e6
    ? `${value / 1e6}M`
    : value >= 1e3
      ? `${value / 1e3}k`
      : value >= 1
        ? `${value}`
        : `${Number(value.toPrecision(2))}`;

function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(min)); decade <= max; decade *= 10) {
    for (const step of [1, 2, 5]) if (decade * step >= min && decade * step <= max) ticks.push(decade * step);
  }
  return ticks;
}

function drawPanel(panel: Panel): string {
  const finite = panel.series.flatMap((series) => series.points).filter((point) => Number.isFinite(point.y) && point.y > 0);
  const ys = [...finite.map((point) => point.y), ...panel.rules.map((rule) => rule.y)];
  const xs = finite.map((point) => point.x);
  if (xs.length === 0) return "";
  const [xMin, xMax] = [Math.min(...xs) / 1.4, Math.max(...xs) * 1.4];
  const [yMin, yMax] = [Math.min(...ys) / 2, Math.max(...ys) * 3];
  const sx = (x: number) => panel.left + ((Math.log(x) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin))) * PANEL.width;
  const sy = (y: number) =>
    PANEL.top +
    PANEL.height -
    ((Math.log(Math.min(y, yMax)) - Math.log(yMin)) / (Math.log(yMax) - Math.log(yMin))) * PANEL.height;
  const bottom = PANEL.top + PANEL.height;
  const parts = [
    `<text x="${panel.left}" y="${PANEL.top - 20}" font-size="14" font-weight="bold">${xmlText(panel.title)}</text>`,
    `<rect x="${panel.left}" y="${PANEL.top}" width="${PANEL.width}" height="${PANEL.height}" fill="none" stroke="#888"/>`,
  ];
  for (const tick of logTicks(xMin, xMax)) {
    parts.push(`<line x1="${sx(tick)}" y1="${PANEL.top}" x2="${sx(tick)}" y2="${bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${sx(tick)}" y="${bottom + 16}" font-size="11" text-anchor="middle">${short(tick)}</text>`);
  }
  for (const tick of logTicks(yMin, yMax)) {
    parts.push(`<line x1="${panel.left}" y1="${sy(tick)}" x2="${panel.left + PANEL.width}" y2="${sy(tick)}" stroke="#eee"/>`);
    parts.push(`<text x="${panel.left - 6}" y="${sy(tick) + 4}" font-size="11" text-anchor="end">${short(tick)}</text>`);
  }
  parts.push(
    `<text x="${panel.left + PANEL.width / 2}" y="${bottom + 36}" font-size="12" text-anchor="middle">${xmlText(panel.xLabel)}</text>`,
  );
  parts.push(
    `<text transform="translate(${panel.left - 46},${PANEL.top + PANEL.height / 2}) rotate(-90)" font-size="12" text-anchor="middle">${xmlText(panel.yLabel)}</text>`,
  );
  for (const rule of panel.rules) {
    const y = sy(rule.y);
    parts.push(
      `<line x1="${panel.left}" y1="${y}" x2="${panel.left + PANEL.width}" y2="${y}" stroke="${rule.colour}" stroke-dasharray="2,3"/>`,
    );
    parts.push(
      `<text x="${panel.left + PANEL.width - 4}" y="${y - 3}" font-size="10" text-anchor="end" fill="${rule.colour}">${xmlText(rule.label)}</text>`,
    );
  }
  panel.series.forEach((series, index) => {
    const points = [...series.points].sort((a, b) => a.x - b.x);
    const path = points
      .map((point, at) => `${at === 0 ? "M" : "L"}${sx(point.x).toFixed(1)},${sy(point.y).toFixed(1)}`)
      .join(" ");
    parts.push(
      `<path d="${path}" fill="none" stroke="${series.colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6,4"' : ""}/>`,
    );
    for (const point of points) {
      const [cx, cy] = [sx(point.x).toFixed(1), sy(point.y).toFixed(1)];
      parts.push(
        Number.isFinite(point.y)
          ? `<circle cx="${cx}" cy="${cy}" r="3" fill="${series.colour}"/>`
          : `<text x="${cx}" y="${Number(cy) + 12}" font-size="11" text-anchor="middle" fill="${series.colour}">lost</text>`,
      );
    }
    const legendY = bottom + 56 + Math.floor(index / 2) * 16;
    const legendX = panel.left + (index % 2) * (PANEL.width / 2);
    parts.push(
      `<line x1="${legendX}" y1="${legendY - 4}" x2="${legendX + 22}" y2="${legendY - 4}" stroke="${series.colour}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6,4"' : ""}/>`,
    );
    parts.push(`<text x="${legendX + 28}" y="${legendY}" font-size="11">${xmlText(series.label)}</text>`);
  });
  return parts.join("\n");
}

/** One point per offered rate: the median of its steps (a target's rate runs several times). */
function medianByRate(steps: readonly StepResult[], pick: (step: StepResult) => number): { x: number; y: number }[] {
  const rates = [...new Set(steps.map((step) => step.offeredPerSecond))];
  return rates.map((rate) => ({ x: rate, y: median(steps.filter((step) => step.offeredPerSecond === rate).map(pick)) }));
}

export function plot(result: BenchResult): string {
  const latency: Panel = {
    left: 80,
    title: "Sighting → arrived latency against offered rate",
    xLabel: "offered sightings / s (log)",
    yLabel: "latency, ms (log)",
    series: result.populations.flatMap((population, index) => {
      const colour = COLOURS[index % COLOURS.length] as string;
      const n = short(population.devices);
      return [
        { label: `p50, N = ${n}`, colour, points: medianByRate(population.steps, (s) => s.latencyMs.p50) },
        { label: `p99, N = ${n}`, colour, dashed: true, points: medianByRate(population.steps, (s) => s.latencyMs.p99) },
      ];
    }),
    rules: [
      ...(result.populations[0] ? [{ y: result.populations[0].floor.floorMs, label: "floor (p50 sum)", colour: "#555" }] : []),
      { y: 1.5, label: "p50 target at 2k/s", colour: "#2ca02c" },
      { y: 5, label: "p99 target at 2k/s", colour: "#d62728" },
      { y: 25, label: "p99 limit for sustained", colour: "#d62728" },
    ],
  };
  const at2k = result.populations.flatMap((p) =>
    medianByRate(p.steps, (s) => s.latencyMs.p50 * 1000)
      .filter((point) => point.x === 2_000)
      .map((point) => ({ x: p.devices, y: point.y })),
  );
  const scaling: Panel = {
    left: 620,
    title: "Resolving one sighting against N enrolled devices",
    xLabel: "enrolled devices N (log)",
    yLabel: "µs per sighting (log)",
    series: [
      {
        label: "trial derivation (baseline)",
        colour: "#d62728",
        points: result.trialDerivation.map((r) => ({ x: r.devices, y: r.perSightingUs })),
      },
      {
        label: "table, in process",
        colour: "#2ca02c",
        points: result.inMemoryTable.map((r) => ({ x: r.devices, y: r.perSightingUs })),
      },
      {
        label: "table, Redis pipelined",
        colour: "#1f77b4",
        points: result.populations.map((p) => ({ x: p.devices, y: p.redisTable.perSightingUs })),
      },
      { label: "end-to-end p50 at 2,000/s", colour: "#000", dashed: true, points: at2k },
    ].filter((series) => series.points.length > 0),
    rules: [],
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="20" font-size="13" text-anchor="middle" fill="#444">usual bench, ${xmlText(result.profile)} run, ${xmlText(result.startedAt)}, ${result.machine.cpus} CPUs</text>`,
    drawPanel(latency),
    drawPanel(scaling),
    "</svg>",
    "",
  ].join("\n");
}
