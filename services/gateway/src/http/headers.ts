// Response headers set on purpose. The API answers JSON to programs, the pages are the gateway's
// own files with no third-party code: both deny framing, sniffing and referrers, and the pages
// may load only from the gateway itself. CORS is off unless GATEWAY_CORS_ORIGINS lists an origin:
// store systems and wearable apps are not browsers, and the display page is same-origin.
import type { NextFunction, Request, Response } from "express";
import { problemFor } from "./problem.js";

const COMMON = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), bluetooth=()",
} as const;

/** Pages: the gateway's own scripts, styles and API only. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Everything else is data, never rendered as a document. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

const PAGES = ["/display", "/docs", "/centre"] as const;

export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.set(COMMON);
  const isPage = PAGES.some((prefix) => request.path.startsWith(prefix));
  response.set("content-security-policy", isPage ? PAGE_CSP : API_CSP);
  if (!isPage) response.set("cache-control", "no-store");
  next();
}

const ALLOWED_METHODS = "GET, POST, PUT, DELETE";
const ALLOWED_HEADERS = "Authorization, Content-Type, Last-Event-ID";
const EXPOSED_HEADERS = "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After";

export function cors(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return (request: Request, response: Response, next: NextFunction): void => {
    const origin = request.headers.origin;
    response.vary("Origin");
    const isPreflight = request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined;
    if (origin === undefined || !allowed.has(origin)) {
      if (!isPreflight) {
        next();
        return;
      }
      response
        .status(403)
        .set("content-type", "application/problem+json")
        .end(JSON.stringify(problemFor(403, `origin ${origin ?? "(none)"} may not call this API from a browser`)));
      return;
    }
    response.set({ "access-control-allow-origin": origin, "access-control-expose-headers": EXPOSED_HEADERS });
    if (!isPreflight) {
      next();
      return;
    }
    response
      .set({
        "access-control-allow-methods": ALLOWED_METHODS,
        "access-control-allow-headers": ALLOWED_HEADERS,
        "access-control-max-age": "600",
      })
      .status(204)
      .end();
  };
}
