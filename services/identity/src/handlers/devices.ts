// A customer's wearables: pair, list, unpair; and the key-bundle refresh a device asks for itself.
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { DeviceKind, type IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { FailedPreconditionError, NotFoundError, PermissionDeniedError, UnauthenticatedError } from "#libs/errors/src/index.js";
import type { ServiceImpl } from "#libs/grpc/src/index.js";
import { keyBundle } from "../domain/key-bundle.js";
import { credentialHash, newCredential, newId } from "../domain/secrets.js";
import type { IdentityDeps } from "../server.js";
import type { DeviceRecord } from "../store/identity-store.js";

type Handlers = Pick<ServiceImpl<typeof IdentityService>, "pairDevice" | "listDevices" | "unpairDevice" | "refreshKeyBundle">;

export function deviceHandlers({ config, store, upkeep, authenticate, limiter, announceRevoked }: IdentityDeps): Handlers {
  /** The daily keys of today and the next six days, under the master-key version the device was paired with. */
  const bundleFor = (device: DeviceRecord) => {
    const masterKey = config.masterKeys.get(device.keyVersion);
    if (!masterKey)
      throw new FailedPreconditionError(`master key version ${device.keyVersion} is no longer configured: pair the device again`);
    return { keyVersion: device.keyVersion, dailyKeys: keyBundle(masterKey, device.deviceId, Date.now() / 1000) };
  };
  const customerOf = async (call: Parameters<IdentityDeps["authenticate"]>[0], action: string) => {
    const caller = await authenticate(call);
    if (caller.kind !== "customer") throw new PermissionDeniedError(`only a customer's access token may ${action}`);
    return caller.customerId;
  };

  return {
    async pairDevice(request, call) {
      const customerId = await customerOf(call, "pair a device");
      await limiter.attempt("pair", customerId);
      const customer = await store.customer(customerId);
      if (!customer) throw new UnauthenticatedError("the customer of this access token no longer exists");
      const deviceId = newId();
      const credential = newCredential();
      const device = {
        customerId,
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
      const devices = await store.devicesOf(await customerOf(call, "list devices"));
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
      const customerId = await customerOf(call, "unpair a device");
      const device = await store.device(customerId, request.deviceId);
      if (!device) throw new NotFoundError(`no device ${request.deviceId} is paired to this customer`);
      // Credential first (the watch stops working), then the table; the record goes last so a
      // failed step can be retried, and the table is cleared again in case a refresh raced us.
      await store.revokeCredential(device.credentialHash);
      await announceRevoked(device.credentialHash);
      await upkeep.withdrawDevice(device);
      await store.removeDevice(device);
      await upkeep.withdrawDevice(device);
      return {};
    },

    async refreshKeyBundle(_request, call) {
      const caller = await authenticate(call);
      if (caller.kind !== "device") throw new PermissionDeniedError("only a device credential may refresh its key bundle");
      const device = await store.device(caller.customerId, caller.deviceId);
      if (!device) throw new UnauthenticatedError("credential is not valid");
      return { keyBundle: bundleFor(device) };
    },
  };
}
