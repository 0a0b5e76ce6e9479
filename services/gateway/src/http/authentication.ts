// tsoa's authenticationModule. One security scheme, "store": the store's credential, or with the
// scope "display" also a display token made from it. The result becomes request.user.
import type { Request } from "express";
import type { StoreAccess } from "../access/store-access.js";
import { requireBearer } from "./bearer.js";
import { HttpProblemError } from "./problem.js";
import { deps } from "./wiring.js";

export async function expressAuthentication(request: Request, securityName: string, scopes: string[] = []): Promise<StoreAccess> {
  if (securityName !== "store") throw new HttpProblemError(500, `unknown security scheme ${securityName}`);
  const allowDisplayToken = scopes.includes("display");
  const bearer = requireBearer(request.headers, allowDisplayToken ? "store credential or display token" : "store credential");
  return deps().stores.authenticate(bearer, { allowDisplayToken });
}

/** What expressAuthentication put on the request. */
export function storeAccessOf(request: Request): StoreAccess {
  const access = (request as Request & { user?: StoreAccess }).user;
  if (!access) throw new HttpProblemError(401, "missing credential");
  return access;
}
