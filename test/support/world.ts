// Builds the people and places of a test through the real identity service: a brand with
// stores, customers with paired wearables that compute their rolling IDs offline.
import { randomBytes } from "node:crypto";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { DeviceKind, IdentityService, type KeyBundle } from "#gen/usual/identity/v1/identity_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { rollingIdAt } from "#libs/rolling-id/src/index.js";

export type TestStore = { readonly storeId: string; readonly credential: string };
export type TestCustomer = {
  readonly customerId: string;
  /** The customer's access token (a JWT for every service, ~10 minutes): the bearer of their calls. */
  readonly credential: string;
  readonly deviceId: string;
  readonly deviceCredential: string;
  readonly keyBundle: KeyBundle;
  /** What the wearable broadcasts at this moment (unix ms), computed offline from its key bundle. */
  rollingIdAt(ms: number): Buffer;
  /** The credential the app keeps and signs in with (RegisterCustomer's customer_credential). */
  readonly signInCredential: string;
  /** The refresh token that came with `credential`. */
  readonly refreshToken: string;
};

export function uniqueBrandId(prefix = "brand"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** The parts of a running mesh that registering a brand needs. */
export type IdentityAccess = { readonly addresses: { readonly identity: string }; readonly operatorCredential: string };

export async function registerBrand(mesh: IdentityAccess, storeIds: readonly string[]) {
  const identity = createServiceClient(IdentityService, mesh.addresses.identity);
  try {
    const brandId = uniqueBrandId();
    const brand = await identity.registerBrand({ brandId, displayName: "Northwind Coffee" }, { bearer: mesh.operatorCredential });
    const stores: TestStore[] = [];
    for (const storeId of storeIds) {
      const store = await identity.registerStore(
        { brandId, storeId, displayName: storeId, location: { latitude: 47.61, longitude: -122.34 } },
        { bearer: brand.brandCredential },
      );
      stores.push({ storeId, credential: store.storeCredential });
    }
    return { brandId, brandCredential: brand.brandCredential, stores };
  } finally {
    identity.close();
  }
}

export async function registerCustomerWithWatch(identityAddress: string, displayName: string): Promise<TestCustomer> {
  const identity = createServiceClient(IdentityService, identityAddress);
  try {
    const customer = await identity.registerCustomer({ displayName });
    const tokens = customer.tokens;
    if (!tokens) throw new Error("registering returned no tokens");
    const device = await identity.pairDevice(
      { kind: DeviceKind.WATCH, model: "Test Watch", label: "left wrist" },
      { bearer: tokens.accessToken },
    );
    const keyBundle = device.keyBundle;
    if (!keyBundle) throw new Error("pairing returned no key bundle");
    return {
      customerId: customer.customerId,
      credential: tokens.accessToken,
      signInCredential: customer.customerCredential,
      refreshToken: tokens.refreshToken,
      deviceId: device.deviceId,
      deviceCredential: device.deviceCredential,
      keyBundle,
      rollingIdAt(ms) {
        const day = Math.floor(ms / 86_400_000);
        const key = keyBundle.dailyKeys.find((entry) => entry.day === day)?.key;
        if (!key) throw new Error(`no daily key for day ${day}`);
        return rollingIdAt(key, ms / 1000);
      },
    };
  } finally {
    identity.close();
  }
}

export function sighting(rollingId: Uint8Array, beaconId = "beacon-1", observedAtMs = Date.now()) {
  return { rollingId, beaconId, observedAt: timestampFromMs(observedAtMs), rssi: -60 };
}
