// Brands and stores: registration, and the credentials each holds (issued once, stored hashed,
// rotatable and revocable).
import type { IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { NotFoundError, PermissionDeniedError, UnauthenticatedError } from "#libs/errors/src/index.js";
import type { CallContext, ServiceImpl } from "#libs/grpc/src/index.js";
import { MISSING } from "../callers.js";
import { credentialHash, newCredential, sameSecret } from "../domain/secrets.js";
import type { IdentityDeps } from "../server.js";

type Handlers = Pick<
  ServiceImpl<typeof IdentityService>,
  "registerBrand" | "registerStore" | "rotateStoreCredential" | "revokeStoreCredential" | "rotateBrandCredential"
>;

export function brandHandlers({ config, store, authenticate, announceRevoked }: IdentityDeps): Handlers {
  const isOperator = (call: CallContext) => call.bearer !== undefined && sameSecret(call.bearer, config.operatorCredential);
  /** The caller must hold the admin credential of exactly this brand. */
  const requireBrand = async (call: CallContext, brandId: string, action: string) => {
    const caller = await authenticate(call);
    if (caller.kind !== "brand" || caller.brandId !== brandId) {
      throw new PermissionDeniedError(`only brand ${brandId}'s credential may ${action}`);
    }
  };

  return {
    async registerBrand(request, call) {
      if (!call.bearer) throw new UnauthenticatedError(MISSING);
      if (!isOperator(call)) throw new PermissionDeniedError("only the platform operator's credential may register a brand");
      const credential = newCredential();
      await store.addBrand(
        request.brandId,
        { displayName: request.displayName, createdAt: new Date().toISOString() },
        credentialHash(credential),
      );
      return { brandId: request.brandId, brandCredential: credential };
    },

    async registerStore(request, call) {
      await requireBrand(call, request.brandId, "register its stores");
      const credential = newCredential();
      const location = request.location ?? { latitude: 0, longitude: 0 };
      await store.addStore(
        {
          brandId: request.brandId,
          storeId: request.storeId,
          displayName: request.displayName,
          latitude: location.latitude,
          longitude: location.longitude,
        },
        credentialHash(credential),
      );
      return { brandId: request.brandId, storeId: request.storeId, storeCredential: credential };
    },

    async rotateStoreCredential(request, call) {
      await requireBrand(call, request.brandId, "rotate its stores' credentials");
      const credential = newCredential();
      const replaced = await store.replaceStoreCredential(request.brandId, request.storeId, credentialHash(credential));
      if (!replaced) throw new NotFoundError(`brand ${request.brandId} has no store ${request.storeId}`);
      if (replaced.old) await announceRevoked(replaced.old);
      return { storeCredential: credential };
    },

    async revokeStoreCredential(request, call) {
      await requireBrand(call, request.brandId, "revoke its stores' credentials");
      const replaced = await store.replaceStoreCredential(request.brandId, request.storeId, undefined);
      if (!replaced) throw new NotFoundError(`brand ${request.brandId} has no store ${request.storeId}`);
      if (replaced.old) await announceRevoked(replaced.old);
      return {};
    },

    async rotateBrandCredential(request, call) {
      // The operator can give a brand that lost its credential a new one.
      if (!isOperator(call)) await requireBrand(call, request.brandId, "rotate its credential");
      const credential = newCredential();
      const replaced = await store.replaceBrandCredential(request.brandId, credentialHash(credential));
      if (!replaced) throw new NotFoundError(`no brand ${request.brandId} is registered`);
      if (replaced.old) await announceRevoked(replaced.old);
      return { brandCredential: credential };
    },
  };
}
