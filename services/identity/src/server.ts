// IdentityService RPCs.

import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { DeviceKind, IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { FailedPreconditionError, NotFoundError, PermissionDeniedError, UnauthenticatedError } from "#libs/errors/src/index.js";
import { type CallContext, registration, type ServiceRegistration } from "#libs/grpc/src/index.js";
import type { IdentityConfig } from "./config.js";
import { keyBundle } from "./domain/key-bundle.js";
import { credentialHash, newCredential, newId, sameSecret } from "./domain/secrets.js";
import type { ResolverUpkeep } from "./resolver-upkeep.js";
import type { CredentialRecord, DeviceRecord, IdentityStore } from "./store/identity-store.js";

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
  /** The daily keys of today and the next six days, under the master-key version the device was paired with. */
  const bundleFor = (device: DeviceRecord) => {
    const masterKey = config.masterKeys.get(device.keyVersion);
    if (!masterKey)
      throw new FailedPreconditionError(`master key version ${device.keyVersion} is no longer configured: pair the device again`);
    return { keyVersion: device.keyVersion, dailyKeys: keyBundle(masterKey, device.deviceId, Date.now() / 1000) };
  };

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

    async registerBrand(request, call) {
      if (!call.bearer) throw new UnauthenticatedError("missing credential: send authorization: Bearer <credential>");
      if (!sameSecret(call.bearer, config.operatorCredential)) {
        throw new PermissionDeniedError("only the platform operator's credential may register a brand");
      }
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
        credentialHash: credentialHash(credential),
      };
      await store.addDevice(device);
      if (customer.recognitionLive) await upkeep.publishDevice(device);
      return { deviceId, deviceCredential: credential, keyBundle: bundleFor(device) };
    },

    async listDevices(_request, call) {
      const caller = await principal(store, call);
      if (caller.kind !== "customer") throw new PermissionDeniedError("only a customer credential may list devices");
      const devices = await store.devicesOf(caller.customerId);
      return {
        devices: devices.map((device) => ({
          deviceId: device.deviceId,
          kind: DeviceKind[device.kind as keyof typeof DeviceKind] ?? DeviceKind.UNSPECIFIED,
          model: device.model,
          label: device.label,
          pairedAt: timestampFromDate(new Date(device.pairedAt)),
        })),
      };
    },

    async unpairDevice(request, call) {
      const caller = await principal(store, call);
      if (caller.kind !== "customer") throw new PermissionDeniedError("only a customer credential may unpair a device");
      const device = await store.device(caller.customerId, request.deviceId);
      if (!device) throw new NotFoundError(`no device ${request.deviceId} is paired to this customer`);
      // Credential first (the watch stops working), then the table; the record goes last so a
      // failed step can be retried, and the table is cleared again in case a refresh raced us.
      await store.revokeCredential(device.credentialHash);
      await upkeep.withdrawDevice(device);
      await store.removeDevice(device);
      await upkeep.withdrawDevice(device);
      return {};
    },

    async refreshKeyBundle(_request, call) {
      const caller = await principal(store, call);
      if (caller.kind !== "device") throw new PermissionDeniedError("only a device credential may refresh its key bundle");
      const device = await store.device(caller.customerId, caller.deviceId);
      if (!device) throw new UnauthenticatedError("credential is not valid");
      return { keyBundle: bundleFor(device) };
    },
  });
}
