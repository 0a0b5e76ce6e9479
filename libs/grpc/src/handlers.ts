// Typed handler signatures for a protobuf-es service: the compiler rejects an implementation
// that misses an RPC or returns the wrong message.
import type { DescMessage, DescMethod, DescService, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { Metadata } from "@grpc/grpc-js";

export type CallContext = {
  readonly metadata: Metadata;
  /** Aborts when the client cancels or the deadline passes. */
  readonly signal: AbortSignal;
  /** The bearer credential from the `authorization` header, if any. */
  readonly bearer: string | undefined;
};

export type StreamingCallContext<O extends DescMessage> = CallContext & {
  /** Sends one response, waiting while the client's flow-control window is full. */
  send(message: MessageInitShape<O>): Promise<void>;
};

type Handler<M extends Pick<DescMethod, "input" | "output" | "methodKind">> = M["methodKind"] extends "unary"
  ? (request: MessageShape<M["input"]>, call: CallContext) => Promise<MessageInitShape<M["output"]>>
  : M["methodKind"] extends "server_streaming"
    ? (request: MessageShape<M["input"]>, call: StreamingCallContext<M["output"]>) => Promise<void>
    : M["methodKind"] extends "client_streaming"
      ? (requests: AsyncIterable<MessageShape<M["input"]>>, call: CallContext) => Promise<MessageInitShape<M["output"]>>
      : (requests: AsyncIterable<MessageShape<M["input"]>>, call: StreamingCallContext<M["output"]>) => Promise<void>;

type MethodsOf<S> = S extends { method: infer M } ? M : never;

export type ServiceImpl<S extends Pick<DescService, "method">> = {
  [K in keyof MethodsOf<S>]: MethodsOf<S>[K] extends Pick<DescMethod, "input" | "output" | "methodKind">
    ? Handler<MethodsOf<S>[K]>
    : never;
};

export type ServiceRegistration = {
  readonly service: DescService;
  // biome-ignore lint/suspicious/noExplicitAny: checked by ServiceImpl where the registration is made.
  readonly impl: Record<string, (...args: any[]) => Promise<unknown>>;
  /**
   * Streamed requests of these methods reach the handler unvalidated, so it can reject one
   * message and keep the stream open (it must call assertValid itself). All others are
   * validated before the handler sees them.
   */
  readonly handlerValidatesStreams?: readonly string[];
};

export function registration<S extends DescService>(
  service: S,
  impl: ServiceImpl<S>,
  options: { handlerValidatesStreams?: readonly (keyof ServiceImpl<S> & string)[] } = {},
): ServiceRegistration {
  return { service, impl: impl as ServiceRegistration["impl"], ...options };
}
