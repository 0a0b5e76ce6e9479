// Logging and telemetry handles for services. The SDK itself starts in register.mjs, loaded
// with `node --import` before the service's own modules.
import { context, isSpanContextValid, type Meter, metrics, propagation, type Tracer, trace } from "@opentelemetry/api";
import { type Logger, pino } from "pino";

export type { Logger } from "pino";

const sdkKey = Symbol.for("usual.telemetry.sdk");

/**
 * pino JSON logs stamped with the active trace and span ids. Paths that could carry secrets or
 * personal data are censored as a second line of defence; the first is never passing them.
 */
export function createLogger(service: string, level: string): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: {
      paths: ["credential", "*.credential", "authorization", "*.authorization", "rollingId", "*.rollingId", "displayName"],
      censor: "[redacted]",
    },
    mixin() {
      const span = trace.getSpan(context.active());
      const spanContext = span?.spanContext();
      if (!spanContext || !isSpanContextValid(spanContext)) return {};
      return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
    },
  });
}

export function tracer(name: string): Tracer {
  return trace.getTracer(name);
}

export function meter(name: string): Meter {
  return metrics.getMeter(name);
}

/** Flushes spans and metrics; a no-op when the process was started without register.mjs. */
export async function shutdownTelemetry(): Promise<void> {
  const sdk = (globalThis as Record<symbol, { shutdown(): Promise<void> } | undefined>)[sdkKey];
  await sdk?.shutdown();
}

/** Writes the active trace context into a carrier (NATS headers) and reads it back. */
export type HeaderCarrier = { get(key: string): string | undefined; set(key: string, value: string): void };

export function injectTraceContext(carrier: HeaderCarrier): void {
  propagation.inject(context.active(), carrier, {
    set: (target, key, value) => target.set(key, value),
  });
}

export function extractTraceContext(carrier: HeaderCarrier) {
  return propagation.extract(context.active(), carrier, {
    get: (target, key) => target.get(key),
    keys: () => ["traceparent", "tracestate"],
  });
}
