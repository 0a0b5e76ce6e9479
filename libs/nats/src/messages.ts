// Typed protobuf publish, subscribe and request/reply over NATS, carrying trace context in
// message headers.
import { create, type DescMessage, fromBinary, type MessageInitShape, type MessageShape, toBinary } from "@bufbuild/protobuf";
import { type Msg, type MsgHdrs, type NatsConnection, headers as natsHeaders, type Subscription } from "@nats-io/transport-node";
import { type Context, context } from "@opentelemetry/api";
import { extractTraceContext, type HeaderCarrier, injectTraceContext } from "#libs/telemetry/src/index.js";

export class NatsRequestError extends Error {
  override name = "NatsRequestError";
}

function carrier(headers: MsgHdrs): HeaderCarrier {
  return {
    get: (key) => (headers.has(key) ? headers.get(key) : undefined),
    set: (key, value) => headers.set(key, value),
  };
}

export function tracedHeaders(): MsgHdrs {
  const headers = natsHeaders();
  injectTraceContext(carrier(headers));
  return headers;
}

export function traceContextOf(msg: Msg): Context {
  return msg.headers ? extractTraceContext(carrier(msg.headers)) : context.active();
}

export function encode<Desc extends DescMessage>(schema: Desc, message: MessageInitShape<Desc>): Uint8Array {
  return toBinary(schema, create(schema, message));
}

export function publishMessage<Desc extends DescMessage>(
  nc: NatsConnection,
  subject: string,
  schema: Desc,
  message: MessageInitShape<Desc>,
): void {
  nc.publish(subject, encode(schema, message), { headers: tracedHeaders() });
}

export type Delivery<Desc extends DescMessage> = { readonly message: MessageShape<Desc>; readonly msg: Msg };

/** Calls the handler for each message, inside the trace context its publisher sent. */
export function subscribeMessages<Desc extends DescMessage>(
  nc: NatsConnection,
  subject: string,
  schema: Desc,
  handler: (delivery: Delivery<Desc>) => void,
  options: { queue?: string } = {},
): Subscription {
  return nc.subscribe(subject, {
    ...options,
    callback: (error, msg) => {
      if (error) return;
      const message = fromBinary(schema, msg.data);
      context.with(traceContextOf(msg), () => handler({ message, msg }));
    },
  });
}

export async function requestMessage<Req extends DescMessage, Res extends DescMessage>(
  nc: NatsConnection,
  subject: string,
  requestSchema: Req,
  request: MessageInitShape<Req>,
  responseSchema: Res,
  timeoutMs = 2_000,
): Promise<MessageShape<Res>> {
  try {
    const reply = await nc.request(subject, encode(requestSchema, request), { timeout: timeoutMs, headers: tracedHeaders() });
    return fromBinary(responseSchema, reply.data);
  } catch (error) {
    throw new NatsRequestError(`request on ${subject} failed`, { cause: error });
  }
}

/** Answers requests on a subject; a handler error answers nothing, so the requester times out. */
export function serveRequests<Req extends DescMessage, Res extends DescMessage>(
  nc: NatsConnection,
  subject: string,
  requestSchema: Req,
  responseSchema: Res,
  handler: (request: MessageShape<Req>) => Promise<MessageInitShape<Res>>,
  options: { queue: string; onError: (error: unknown) => void },
): Subscription {
  return nc.subscribe(subject, {
    queue: options.queue,
    callback: (error, msg) => {
      if (error) return options.onError(error);
      context.with(traceContextOf(msg), () => {
        handler(fromBinary(requestSchema, msg.data)).then(
          (response) => msg.respond(encode(responseSchema, response)),
          options.onError,
        );
      });
    },
  });
}
