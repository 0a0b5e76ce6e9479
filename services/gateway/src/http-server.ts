// The gateway's HTTP face. For now: liveness and readiness for load balancers, and
// problem+json for every other path; the REST API arrives with the gateway issue.
import { createServer, type Server, type ServerResponse } from "node:http";

function problem(response: ServerResponse, status: number, title: string, detail: string): void {
  response.writeHead(status, { "content-type": "application/problem+json", "cache-control": "no-store" });
  response.end(JSON.stringify({ type: "about:blank", title, status, detail }));
}

export function startHttpServer(host: string, port: number, isReady: () => boolean): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://gateway").pathname;
    if (request.method !== "GET") return problem(response, 405, "Method Not Allowed", `${request.method} is not served here`);
    if (path === "/healthz") {
      response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    } else if (path === "/readyz") {
      const ready = isReady();
      response
        .writeHead(ready ? 200 : 503, { "content-type": "application/json" })
        .end(JSON.stringify({ status: ready ? "ready" : "not ready" }));
    } else {
      problem(response, 404, "Not Found", `no route for ${path}`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
