// Brands and stores registered through the real identity service, which issues the store
// credentials the load generator's hubs authenticate with.
import { randomBytes } from "node:crypto";
import { IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import type { HubSpec } from "./messages.js";

export type RegisteredBrand = { readonly brandId: string; readonly brandCredential: string };

/** Brands are registered by the platform operator, with the credential the mesh gave identity. */
export async function registerBrands(
  identityAddress: string,
  operatorCredential: string,
  count: number,
): Promise<RegisteredBrand[]> {
  const identity = createServiceClient(IdentityService, identityAddress);
  try {
    const run = randomBytes(3).toString("hex");
    const brands: RegisteredBrand[] = [];
    for (let index = 0; index < count; index += 1) {
      const brandId = `bench-${run}-b${index}`;
      const brand = await identity.registerBrand(
        { brandId, displayName: `Bench brand ${index}` },
        { bearer: operatorCredential },
      );
      brands.push({ brandId, brandCredential: brand.brandCredential });
    }
    return brands;
  } finally {
    identity.close();
  }
}

/** Registers `storesPerBrand` new stores for every brand, named after the step they serve. */
export async function registerStores(
  identityAddress: string,
  brands: readonly RegisteredBrand[],
  storesPerBrand: number,
  step: number,
): Promise<HubSpec[]> {
  const identity = createServiceClient(IdentityService, identityAddress);
  try {
    const requests = brands.flatMap((brand) =>
      Array.from({ length: storesPerBrand }, async (_, index): Promise<HubSpec> => {
        const storeId = `s${step}-${index}`;
        const store = await identity.registerStore(
          { brandId: brand.brandId, storeId, displayName: storeId, location: { latitude: 47.61, longitude: -122.34 } },
          { bearer: brand.brandCredential },
        );
        return { brandId: brand.brandId, storeId, credential: store.storeCredential };
      }),
    );
    return await Promise.all(requests);
  } finally {
    identity.close();
  }
}
