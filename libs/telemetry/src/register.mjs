// Loaded with `node --import` before anything else, so the gRPC instrumentation can patch
// @grpc/grpc-js as ESM imports it. Exports traces and metrics over OTLP/HTTP only when
// OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise spans still carry trace ids into logs and
// NATS headers, and nothing leaves the process.
import { register } from "node:module";
import { createAddHookMessageChannel } from "import-in-the-middle";

const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
register("@opentelemetry/instrumentation/hook.mjs", import.meta.url, registerOptions);

const { NodeSDK } = await import("@opentelemetry/sdk-node");
const { GrpcInstrumentation } = await import("@opentelemetry/instrumentation-grpc");
const { AlwaysOnSampler, NoopSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } = await import(
  "@opentelemetry/sdk-trace-base"
);

const exporting = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
const options = {
  instrumentations: [new GrpcInstrumentation()],
  // Recording spans costs the hot path; sample a share unless OTEL_TRACES_SAMPLER_ARG says otherwise.
  sampler: new ParentBasedSampler({
    root: exporting ? new TraceIdRatioBasedSampler(Number(process.env.OTEL_TRACES_SAMPLER_ARG ?? "1")) : new AlwaysOnSampler(),
  }),
};
if (exporting) {
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
  const { OTLPMetricExporter } = await import("@opentelemetry/exporter-metrics-otlp-http");
  const { PeriodicExportingMetricReader } = await import("@opentelemetry/sdk-metrics");
  options.traceExporter = new OTLPTraceExporter();
  options.metricReaders = [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })];
} else {
  // A provider with a no-op processor: spans get ids for logs and propagation, nothing is sent.
  options.spanProcessors = [new NoopSpanProcessor()];
  options.metricReaders = [];
}
const sdk = new NodeSDK(options);
sdk.start();
globalThis[Symbol.for("usual.telemetry.sdk")] = sdk;
await waitForAllMessagesAcknowledged();
