// A server-sent events reader over fetch, so that the display token travels in the Authorization
// header (EventSource cannot send one) and never in a URL. Follows the SSE format: event, data,
// id and retry fields; reconnects with Last-Event-ID after the server's retry delay.

class StreamRefused extends Error {
  constructor(status, detail) {
    super(detail);
    this.name = "StreamRefused";
    this.status = status;
  }
}

/**
 * Follows `url` until stop() is called. `onEvent(name, data)` gets each event with its parsed JSON;
 * `onState(state, detail)` gets "live", "reconnecting" or "refused" (the token is not accepted:
 * no retry).
 */
function followEvents(url, token, { onEvent, onState }) {
  let lastEventId;
  let retryMs = 2000;
  let stopped = false;
  let controller;

  async function readOnce() {
    controller = new AbortController();
    const headers = { authorization: `Bearer ${token}`, accept: "text/event-stream" };
    if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
    const response = await fetch(url, { headers, signal: controller.signal, cache: "no-store" });
    if (response.status === 401 || response.status === 403) {
      const problem = await response.json().catch(() => ({}));
      throw new StreamRefused(response.status, problem.detail ?? response.statusText);
    }
    if (!response.ok || !response.body) throw new Error(`the gateway answered ${response.status}`);
    onState("live");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let event = { name: "message", data: [], id: undefined };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "") {
          if (event.id !== undefined) lastEventId = event.id;
          if (event.data.length > 0) onEvent(event.name, JSON.parse(event.data.join("\n")));
          event = { name: "message", data: [], id: undefined };
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const text = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event.name = text;
        else if (field === "data") event.data.push(text);
        else if (field === "id") event.id = text;
        else if (field === "retry" && /^\d+$/.test(text)) retryMs = Number(text);
      }
    }
  }

  (async () => {
    while (!stopped) {
      try {
        await readOnce();
      } catch (error) {
        if (stopped) return;
        if (error instanceof StreamRefused) {
          onState("refused", error.message);
          return;
        }
      }
      if (stopped) return;
      onState("reconnecting");
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  })();

  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}

window.followEvents = followEvents;
