// Who may call what: turns a verified principal into the customer or brand a handler acts for.
import type { CredentialVerifier } from "#libs/credentials/src/index.js";
import { PermissionDeniedError } from "#libs/errors/src/index.js";
import type { CallContext } from "#libs/grpc/src/index.js";

export async function callingCustomer(credentials: CredentialVerifier, call: CallContext, action: string): Promise<string> {
  const caller = await credentials.verify(call.bearer);
  if (caller.kind !== "customer") throw new PermissionDeniedError(`only the customer may ${action}`);
  return caller.customerId;
}

/** The calling brand, which must be the brand the request names. */
export async function callingBrand(credentials: CredentialVerifier, call: CallContext, brandId: string, action: string) {
  const caller = await credentials.verify(call.bearer);
  if (caller.kind !== "brand") throw new PermissionDeniedError(`only the brand may ${action}`);
  if (caller.brandId !== brandId)
    throw new PermissionDeniedError(`brand "${caller.brandId}" may ${action} for itself only, not for "${brandId}"`);
  return caller.brandId;
}
