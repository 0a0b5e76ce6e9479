// A server-sent events response: named events with JSON data, optional ids, a comment every
// 15 s so proxies keep the connection, and an end when the client goes or the gateway stops.
import type { Response } from "express";

const HEARTBEAT_MS = 15_000;
/** How long a client waits before reconnecting (EventSource honours it; the display page too). */
const RETRY_MS = 2_000;

export type SseStream = {
  send(event: string, data: unknown, id?: number): void;
  /** Aborts when the client disconnects or the stream is ended. */
  readonly signal: AbortSignal;
  end(): void;
};

const open = new Set<SseStream>();

/** Ends every open stream: at shutdown, so that the HTTP server can close. */
export function endAllStreams(): void {
  for (const stream of open) stream.end();
}

export function openSseStream(response: Response): SseStream {
  const controller = new AbortController();
  response.status(200).set({
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  response.flushHeaders();
  response.write(`retry: ${RETRY_MS}\n\n`);
  const heartbeat = setInterval(() => response.write(": keep-alive\n\n"), HEARTBEAT_MS);
  const stream: SseStream = {
    send(event, data, id) {
      if (controller.signal.aborted) return;
      response.write(`event: ${event}\n${id === undefined ? "" : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
    },
    signal: controller.signal,
    end() {
      if (controller.signal.aborted) return;
      controller.abort();
      clearInterval(heartbeat);
      open.delete(stream);
      response.end();
    },
  };
  open.add(stream);
  response.on("close", () => stream.end());
  return stream;
}
