import { createServer, type Server } from "node:http";
import type { Express } from "express";

export function listen(app: Express, host: string, port: number): Promise<Server> {
  const server = createServer(app);
  // Slow clients may not hold connections open forever; event streams are long-lived responses, not slow requests.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Stops accepting, lets requests finish for up to graceMs, then closes what is left. */
export function close(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
