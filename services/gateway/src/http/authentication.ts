// tsoa's authenticationModule. Three security schemes, each a bearer:
// - "store": the store's credential, or with the scope "display" also a display token made from it;
// - "customer": a customer's access token (JWT for usual.gateway);
// - "brand": a brand's credential.
// The result becomes request.user. A route with several @Security decorators takes any of them.
import type { Request } from "express";
import type { BrandAccess, CustomerAccess } from "../access/customer-access.js";
import type { StoreAccess } from "../access/store-access.js";
import { requireBearer } from "./bearer.js";
import { HttpProblemError } from "./problem.js";
import { deps } from "./wiring.js";

export type Access = StoreAccess | CustomerAccess | BrandAccess;

export async function expressAuthentication(request: Request, securityName: string, scopes: string[] = []): Promise<Access> {
  switch (securityName) {
    case "store": {
      const allowDisplayToken = scopes.includes("display");
      const bearer = requireBearer(request.headers, allowDisplayToken ? "store credential or display token" : "store credential");
      return deps().stores.authenticate(bearer, { allowDisplayToken });
    }
    case "customer":
      return deps().parties.customer(requireBearer(request.headers, "access token"));
    case "brand":
      return deps().parties.brand(requireBearer(request.headers, "brand credential"));
    default:
      throw new HttpProblemError(500, `unknown security scheme ${securityName}`);
  }
}

function accessOf(request: Request): Access {
  const access = (request as Request & { user?: Access }).user;
  if (!access) throw new HttpProblemError(401, "missing credential");
  return access;
}

/** What expressAuthentication put on the request of a store route. */
export function storeAccessOf(request: Request): StoreAccess {
  const access = accessOf(request);
  if (!("storeId" in access)) throw new HttpProblemError(403, "this route takes a store's credential");
  return access;
}

export function customerAccessOf(request: Request): CustomerAccess {
  const access = accessOf(request);
  if (!("kind" in access) || access.kind !== "customer") throw new HttpProblemError(403, "this route is for customers");
  return access;
}

export function brandAccessOf(request: Request): BrandAccess {
  const access = accessOf(request);
  if (!("kind" in access) || access.kind !== "brand") throw new HttpProblemError(403, "this route takes a brand's credential");
  return access;
}
