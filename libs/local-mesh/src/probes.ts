// Readiness probes that speak just enough of each protocol: Redis answers PING with +PONG once
// it has loaded its data; a NATS server greets every new connection with an INFO line.
import { connect } from "node:net";

const PROBE_TIMEOUT_MS = 1_000;

/** Connects, optionally writes, and resolves with the first line the server sends. */
function firstLine(port: number, send: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let received = "";
    socket.setTimeout(PROBE_TIMEOUT_MS, () => socket.destroy(new Error("probe timed out")));
    socket.once("error", reject);
    socket.once("connect", () => {
      if (send !== undefined) socket.write(send);
    });
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
      const end = received.indexOf("\r\n");
      if (end === -1) return;
      socket.destroy();
      resolve(received.slice(0, end));
    });
    socket.once("close", () => reject(new Error("connection closed before a reply")));
  });
}

export async function redisAnswersPing(port: number): Promise<boolean> {
  try {
    return (await firstLine(port, "PING\r\n")) === "+PONG";
  } catch {
    return false;
  }
}

export async function natsSendsInfo(port: number): Promise<boolean> {
  try {
    return (await firstLine(port, undefined)).startsWith("INFO ");
  } catch {
    return false;
  }
}
