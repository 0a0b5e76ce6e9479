// Typed grpc-js clients for protobuf-es service descriptors.
import type { DescMessage, DescMethod, DescService, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { create } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { grpcServiceDefinition } from "./service-definition.js";

export type CallOptions = {
  /** Sent as `authorization: Bearer <bearer>`. */
  readonly bearer?: string;
  /** Deadline relative to now. Unary calls default to 10 s; streams have none unless given. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
};

export type BidiCall<I extends DescMessage, O extends DescMessage> = {
  /** Sends one request, waiting while the server's flow-control window is full. */
  send(message: MessageInitShape<I>): Promise<void>;
  /** Half-closes: no more requests. */
  end(): void;
  cancel(): void;
  readonly responses: AsyncIterable<MessageShape<O>>;
};

type ClientMethod<M extends Pick<DescMethod, "input" | "output" | "methodKind">> = M["methodKind"] extends "unary"
  ? (request: MessageInitShape<M["input"]>, options?: CallOptions) => Promise<MessageShape<M["output"]>>
  : M["methodKind"] extends "server_streaming"
    ? (request: MessageInitShape<M["input"]>, options?: CallOptions) => AsyncIterable<MessageShape<M["output"]>>
    : M["methodKind"] extends "bidi_streaming"
      ? (options?: CallOptions) => BidiCall<M["input"], M["output"]>
      : never;

type MethodsOf<S> = S extends { method: infer M } ? M : never;

export type ServiceClient<S extends DescService> = {
  [K in keyof MethodsOf<S>]: MethodsOf<S>[K] extends Pick<DescMethod, "input" | "output" | "methodKind">
    ? ClientMethod<MethodsOf<S>[K]>
    : never;
} & { close(): void };

const DEFAULT_UNARY_TIMEOUT_MS = 10_000;

function metadataFor(options: CallOptions | undefined): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (options?.bearer !== undefined) metadata.set("authorization", `Bearer ${options.bearer}`);
  return metadata;
}

function callOptionsFor(options: CallOptions | undefined, fallbackTimeoutMs: number | undefined): grpc.CallOptions {
  const timeoutMs = options?.timeoutMs ?? fallbackTimeoutMs;
  return timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs };
}

function cancelOnAbort(call: { cancel(): void }, signal: AbortSignal | undefined): void {
  signal?.addEventListener("abort", () => call.cancel(), { once: true });
}

export function createServiceClient<S extends DescService>(
  service: S,
  address: string,
  channelOptions: grpc.ChannelOptions = {},
): ServiceClient<S> {
  const Constructor = grpc.makeGenericClientConstructor(grpcServiceDefinition(service), service.typeName);
  const client = new Constructor(address, grpc.credentials.createInsecure(), channelOptions);
  // biome-ignore lint/suspicious/noExplicitAny: grpc-js generic clients are untyped; ServiceClient types them.
  const raw = client as any;
  // biome-ignore lint/suspicious/noExplicitAny: built up method by method, typed by the return type.
  const typed: Record<string, any> = { close: () => client.close() };
  for (const method of service.methods) {
    const name = method.localName;
    switch (method.methodKind) {
      case "unary":
        typed[name] = (request: MessageInitShape<DescMessage>, options?: CallOptions) =>
          new Promise((resolve, reject) => {
            const call = raw[name](
              create(method.input, request),
              metadataFor(options),
              callOptionsFor(options, DEFAULT_UNARY_TIMEOUT_MS),
              (error: grpc.ServiceError | null, response: unknown) => (error ? reject(error) : resolve(response)),
            );
            cancelOnAbort(call, options?.signal);
          });
        break;
      case "server_streaming":
        typed[name] = (request: MessageInitShape<DescMessage>, options?: CallOptions) => {
          const call = raw[name](create(method.input, request), metadataFor(options), callOptionsFor(options, undefined));
          cancelOnAbort(call, options?.signal);
          return call as AsyncIterable<unknown>;
        };
        break;
      case "bidi_streaming":
        typed[name] = (options?: CallOptions) => {
          const call: grpc.ClientDuplexStream<unknown, unknown> = raw[name](
            metadataFor(options),
            callOptionsFor(options, undefined),
          );
          cancelOnAbort(call, options?.signal);
          return {
            send: (message: MessageInitShape<DescMessage>) =>
              call.write(create(method.input, message))
                ? Promise.resolve()
                : new Promise<void>((resolve) => call.once("drain", () => resolve())),
            end: () => call.end(),
            cancel: () => call.cancel(),
            responses: call as AsyncIterable<unknown>,
          };
        };
        break;
      case "client_streaming":
        break;
    }
  }
  return typed as ServiceClient<S>;
}
