// IdentityService RPCs.

import { DeviceKind, IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { PermissionDeniedError, UnauthenticatedError } from "#libs/errors/src/index.js";
import { type CallContext, registration, type ServiceRegistration } from "#libs/grpc/src/index.js";
import type { IdentityConfig } from "./config.js";
import { keyBundle } from "./domain/key-bundle.js";
import { credentialHash, newCredential, newId } from "./domain/secrets.js";
import type { ResolverUpkeep } from "./resolver-upkeep.js";
import type { CredentialRecord, IdentityStore } from "./store/identity-store.js";

export type IdentityDeps = {
  readonly config: IdentityConfig;
  readonly store: IdentityStore;
  readonly upkeep: ResolverUpkeep;
};

async function principal(store: IdentityStore, call: CallContext): Promise<CredentialRecord> {
  if (!call.bearer) throw new UnauthenticatedError("missing credential: send authorization: Bearer <credential>");
  const record = await store.credential(credentialHash(call.bearer));
  if (!record) throw new UnauthenticatedError("credential is not valid");
  return record;
}

export function identityService({ config, store, upkeep }: IdentityDeps): ServiceRegistration {
  return registration(IdentityService, {
    async registerCustomer(request) {
      const customerId = newId();
      const credential = newCredential();
      await store.addCustomer(
        customerId,
        { displayName: request.displayName, recognitionLive: false, createdAt: new Date().toISOString() },
        credentialHash(credential),
      );
      return { customerId, customerCredential: credential };
    },

    async registerBrand(request) {
      const credential = newCredential();
      await store.addBrand(
        request.brandId,
        { displayName: request.displayName, createdAt: new Date().toISOString() },
        credentialHash(credential),
      );
      return { brandId: request.brandId, brandCredential: credential };
    },

    async registerStore(request, call) {
      const caller = await principal(store, call);
      if (caller.kind !== "brand" || caller.brandId !== request.brandId) {
        throw new PermissionDeniedError(`only brand ${request.brandId}'s credential may register its stores`);
      }
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

    async pairDevice(request, call) {
      const caller = await principal(store, call);
      if (caller.kind !== "customer") throw new PermissionDeniedError("only a customer credential may pair a device");
      const customer = await store.customer(caller.customerId);
      if (!customer) throw new UnauthenticatedError("credential is not valid");
      const deviceId = newId();
      const credential = newCredential();
      const device = {
        customerId: caller.customerId,
        deviceId,
        kind: DeviceKind[request.kind],
        model: request.model,
        label: request.label,
        keyVersion: config.currentKeyVersion,
        pairedAt: new Date().toISOString(),
      };
      await store.addDevice(device, credentialHash(credential));
      if (customer.recognitionLive) await upkeep.publishDevice(device);
      const masterKey = config.masterKeys.get(config.currentKeyVersion) as Buffer;
      return {
        deviceId,
        deviceCredential: credential,
        keyBundle: { keyVersion: config.currentKeyVersion, dailyKeys: keyBundle(masterKey, deviceId, Date.now() / 1000) },
      };
    },
  });
}
