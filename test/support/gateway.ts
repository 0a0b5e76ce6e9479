// Talking to the gateway as a store system or a display does: REST with a bearer, and the live
// presence stream read as server-sent events.
import assert from "node:assert/strict";
import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { NatsConnection } from "@nats-io/transport-node";
import { type CounterCardSchema, PresenceEventKind, PresenceEventSchema } from "#gen/usual/presence/v1/events_pb.js";
import { subjects } from "#libs/nats/src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: a test reads whatever JSON the gateway answered.
export type Answer = { status: number; headers: Headers; body: any };

export async function callGateway(
  baseUrl: string,
  method: string,
  path: string,
  options: { bearer?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, body: parsed };
}

export async function displayTokenFor(baseUrl: string, storeId: string, storeCredential: string): Promise<string> {
  const answer = await callGateway(baseUrl, "POST", `/v1/stores/${storeId}/display-tokens`, {
    bearer: storeCredential,
    body: {},
  });
  if (answer.status !== 201) throw new Error(`display token refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}

// biome-ignore lint/suspicious/noExplicitAny: a test reads whatever JSON the event carried.
export type SseEvent = { readonly name: string; readonly id: string | undefined; readonly data: any };

/** An open live-presence stream: the events so far, and a way to wait for more. */
export type LiveStream = {
  readonly events: SseEvent[];
  readonly status: number;
  next(predicate: (event: SseEvent) => boolean, timeoutMs: number): Promise<SseEvent>;
  close(): void;
};

export async function openLiveStream(
  baseUrl: string,
  storeId: string,
  bearer: string,
  lastEventId?: string,
): Promise<LiveStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
  if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
  const response = await fetch(`${baseUrl}/v1/stores/${storeId}/presence/events`, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end = buffer.indexOf("\n\n");
          while (end !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = block.split("\n").filter((line) => !line.startsWith(":"));
            const field = (name: string) => fields.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
            const data = field("data");
            if (data !== undefined) {
              events.push({ name: field("event") ?? "message", id: field("id"), data: JSON.parse(data) });
              for (const wake of waiters) wake();
            }
            end = buffer.indexOf("\n\n");
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    events,
    status: response.status,
    async next(predicate, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, remaining);
          waiters.add(wake);
        });
      }
    },
    close: () => controller.abort(),
  };
}

/** Publishes a presence event for a store as presence does (the contract on the store's subject). */
export function publishPresenceEvent(
  nc: NatsConnection,
  brandId: string,
  storeId: string,
  kind: PresenceEventKind,
  customerPseudonym: string,
  card?: MessageInitShape<typeof CounterCardSchema>,
): void {
  const now = Date.now();
  const event = create(PresenceEventSchema, {
    kind,
    brandId,
    storeId,
    customerPseudonym,
    observedAt: timestampFromMs(now),
    publishedAt: timestampFromMs(now),
    ...(card ? { card } : {}),
  });
  nc.publish(subjects.presence(brandId, storeId), toBinary(PresenceEventSchema, event));
}

export { PresenceEventKind };

/** Asserts an RFC 9457 refusal: status, problem+json, a detail matching, the field named, no stack trace. */
export function assertProblem(answer: Answer, status: number, detail: RegExp, field?: string): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.match(answer.headers.get("content-type") ?? "", /^application\/problem\+json/);
  assert.equal(answer.body.status, status);
  assert.equal(answer.body.type, "about:blank");
  assert.match(answer.body.detail, detail);
  assert.doesNotMatch(JSON.stringify(answer.body), /\bat .*\.(ts|js):\d+/, "no stack trace");
  if (field)
    assert.ok(
      answer.body.errors?.some((error: { field: string }) => error.field === field),
      `names ${field}`,
    );
}
