import type { IncomingHttpHeaders } from "node:http";
import { HttpProblemError } from "./problem.js";

/** The token of `Authorization: Bearer <token>`, undefined without the header. */
export function bearerOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
  if (!match?.[1]) throw new HttpProblemError(401, 'the Authorization header must be "Bearer <token>"');
  return match[1];
}

export function requireBearer(headers: IncomingHttpHeaders, what: string): string {
  const bearer = bearerOf(headers);
  if (bearer === undefined) throw new HttpProblemError(401, `missing credential: send Authorization: Bearer <${what}>`);
  return bearer;
}
