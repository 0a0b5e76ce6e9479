// The gateway's HTTP face, in the order a request meets it: security headers and CORS, health,
// the OpenAPI document and the pages, then the API (rate limit, JSON body, tsoa's routes), and
// problem+json for everything that goes wrong.
import { fileURLToPath } from "node:url";
import express, { type NextFunction, type Request, type Response } from "express";
import type { RedisClient } from "#libs/redis/src/index.js";
import type { Logger } from "#libs/telemetry/src/index.js";
import type { GatewayConfig } from "../config.js";
import { RegisterRoutes } from "../generated/routes.js";
import { cors, securityHeaders } from "./headers.js";
import { HttpProblemError, problemFromError } from "./problem.js";
import { rateLimitPerCredential } from "./rate-limit.js";

const PUBLIC = fileURLToPath(new URL("../../public/", import.meta.url));
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

export type AppOptions = {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly redis: RedisClient;
  readonly isReady: () => boolean;
  /** The OpenAPI document, as generated. */
  readonly openapi: { readonly paths: Record<string, Record<string, unknown>> };
};

function requireJson(request: Request, _response: Response, next: NextFunction): void {
  const hasBody = request.headers["transfer-encoding"] !== undefined || Number(request.headers["content-length"] ?? 0) > 0;
  const refused = BODY_METHODS.has(request.method) && hasBody && !request.is("application/json");
  next(
    refused
      ? new HttpProblemError(
          415,
          `send the body as application/json, not ${request.headers["content-type"] ?? "without a content type"}`,
        )
      : undefined,
  );
}

/** 405 with Allow for a documented path asked with another method, else 404. */
function noRoute(openapi: AppOptions["openapi"]) {
  const routes = Object.entries(openapi.paths).map(([path, operations]) => ({
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`),
    methods: Object.keys(operations).map((method) => method.toUpperCase()),
  }));
  return (request: Request, _response: Response, next: NextFunction): void => {
    const route = routes.find((candidate) => candidate.pattern.test(request.path));
    if (!route) {
      next(new HttpProblemError(404, `no route for ${request.method} ${request.path}`));
      return;
    }
    const allow = [...route.methods, ...(route.methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
    const detail = `${request.method} is not served on ${request.path}; use ${route.methods.join(" or ")}`;
    next(new HttpProblemError(405, detail, { allow }));
  };
}

function problemHandler(logger: Logger) {
  return (error: unknown, request: Request, response: Response, _next: NextFunction): void => {
    const { problem, headers, known } = problemFromError(error);
    if (!known) logger.error({ err: error, method: request.method, path: request.route?.path ?? "unrouted" }, "request failed");
    if (response.headersSent) {
      response.end();
      return;
    }
    // end(), not send(): express would append "; charset=utf-8" to a media type that defines its own encoding.
    response.status(problem.status).set(headers).set("content-type", "application/problem+json").end(JSON.stringify(problem));
  };
}

export function createApp(options: AppOptions): express.Express {
  const { config, logger } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(securityHeaders, cors(config.corsOrigins));

  app.get("/healthz", (_request, response) => {
    response.json({ status: "ok" });
  });
  app.get("/readyz", (_request, response) => {
    const ready = options.isReady();
    response.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready" });
  });
  const openapiText = JSON.stringify(options.openapi);
  app.get("/openapi.json", (_request, response) => {
    response.type("application/json").send(openapiText);
  });
  app.get("/", (_request, response) => response.redirect(302, "/docs/"));
  app.use("/docs", express.static(`${PUBLIC}docs`, { index: "index.html", maxAge: 0 }));
  app.use("/display", express.static(`${PUBLIC}display`, { index: "index.html", maxAge: 0 }));
  app.use("/centre", express.static(`${PUBLIC}centre`, { index: "index.html", maxAge: 0 }));

  app.use("/v1", rateLimitPerCredential(options.redis, config.rateLimitPerMinute, logger));
  app.use("/v1", requireJson, express.json({ limit: config.bodyLimitBytes, strict: true }));
  RegisterRoutes(app);

  app.use(noRoute(options.openapi));
  app.use(problemHandler(logger));
  return app;
}
