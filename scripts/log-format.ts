// Prints the services' pino JSON lines compactly under a padded, coloured label:
// `identity        | 10:42:07.118 INFO  serving port=50051`. Lines that are not JSON pass through.

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const LEVEL_COLOURS: Record<string, number> = { WARN: 33, ERROR: 31, FATAL: 31, DEBUG: 90, TRACE: 90 };
const LABEL_COLOURS = [36, 35, 33, 32, 34, 96, 95, 92];
// Fields every line carries or that only matter to a log pipeline.
const OMITTED = new Set(["level", "time", "msg", "pid", "hostname", "service", "name", "trace_id", "span_id", "v"]);
const MAX_VALUE_CHARS = 120;

export type LinePrinter = (label: string, line: string) => void;

export function useColour(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR) return false;
  return Boolean(process.env.FORCE_COLOR) || stream.isTTY === true;
}

export function paint(text: string, colour: number | undefined, enabled: boolean): string {
  return enabled && colour !== undefined ? `\u001b[${colour}m${text}\u001b[0m` : text;
}

function clock(time: unknown): string {
  const date = typeof time === "number" ? new Date(time) : new Date();
  return `${date.toTimeString().slice(0, 8)}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

function show(value: unknown): string {
  if (value !== null && typeof value === "object" && "message" in value) {
    const error = value as { type?: unknown; message?: unknown };
    return JSON.stringify(`${error.type ?? "Error"}: ${error.message}`);
  }
  const text = typeof value === "string" && !/[\s"=]/.test(value) ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/** One pino JSON line as "time LEVEL msg key=value …"; undefined when the line is not pino JSON. */
export function formatPinoLine(line: string, colour: boolean): string | undefined {
  if (!line.startsWith("{")) return undefined;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof record.level !== "number") return undefined;
  const level = LEVELS[record.level] ?? String(record.level);
  const fields = Object.entries(record)
    .filter(([key]) => !OMITTED.has(key))
    .map(([key, value]) => `${key}=${show(value)}`);
  const message = typeof record.msg === "string" ? record.msg : "";
  return [clock(record.time), paint(level.padEnd(5), LEVEL_COLOURS[level], colour), message, ...fields].join(" ").trimEnd();
}

/** A printer that gives each label its own colour and pads labels to a common width. */
export function createLinePrinter(options: {
  labels: readonly string[];
  colour: boolean;
  write: (text: string) => void;
}): LinePrinter {
  const width = Math.max(...options.labels.map((label) => label.length));
  const colours = new Map(options.labels.map((label, index) => [label, LABEL_COLOURS[index % LABEL_COLOURS.length]]));
  return (label, line) => {
    const prefix = paint(label.padEnd(width), colours.get(label), options.colour);
    options.write(`${prefix} | ${formatPinoLine(line, options.colour) ?? line}\n`);
  };
}
