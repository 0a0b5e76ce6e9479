// Durable identity records in JetStream KV buckets (file storage): customers, devices, brands,
// stores and credential hashes. Values are JSON.

import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { AlreadyExistsError } from "#libs/errors/src/index.js";
import { kvBuckets } from "#libs/nats/src/index.js";

export type CustomerRecord = {
  readonly displayName: string;
  readonly recognitionLive: boolean;
  /** Ledger sequence of the consent change that set recognitionLive. */
  readonly recognitionSequence?: number;
  readonly createdAt: string;
  /** Hash of the customer's sign-in credential, so erasure can delete it (absent on records from before it was kept). */
  readonly credentialHash?: string;
};
export type DeviceRecord = {
  readonly customerId: string;
  readonly deviceId: string;
  readonly kind: string;
  readonly model: string;
  readonly label: string;
  readonly keyVersion: number;
  readonly pairedAt: string;
  /** Hash of the device's credential, so unpairing can revoke it. */
  readonly credentialHash: string;
};
export type BrandRecord = {
  readonly displayName: string;
  readonly createdAt: string;
  /** Hash of the brand's admin credential, so rotating it can delete the old one. */
  readonly credentialHash?: string;
};
export type StoreRecord = {
  readonly brandId: string;
  readonly storeId: string;
  readonly displayName: string;
  readonly latitude: number;
  readonly longitude: number;
  /** Hash of the store's credential, so rotating or revoking can delete it; absent when revoked. */
  readonly credentialHash?: string;
};
export type CredentialRecord =
  | { readonly kind: "customer"; readonly customerId: string }
  | { readonly kind: "brand"; readonly brandId: string }
  | { readonly kind: "store"; readonly brandId: string; readonly storeId: string }
  | { readonly kind: "device"; readonly customerId: string; readonly deviceId: string };

const encode = (value: unknown) => JSON.stringify(value);

/** Removes every message of the matching keys from a KV bucket's stream, markers included. */
export async function purgeKeys(jsm: JetStreamManager, bucket: string, keyFilter: string): Promise<void> {
  await jsm.streams.purge(`KV_${bucket}`, { filter: `$KV.${bucket}.${keyFilter}` });
}

async function readJson<T>(kv: KV, key: string): Promise<T | undefined> {
  const entry = await kv.get(key);
  return entry && entry.operation === "PUT" ? (entry.json() as T) : undefined;
}

async function createOnce(kv: KV, key: string, value: unknown, what: string): Promise<void> {
  try {
    await kv.create(key, encode(value));
  } catch (error) {
    if (await kv.get(key)) throw new AlreadyExistsError(`${what} already exists`, { cause: error });
    throw error;
  }
}

export class IdentityStore {
  private constructor(
    private readonly customers: KV,
    private readonly devices: KV,
    private readonly brands: KV,
    private readonly stores: KV,
    private readonly credentials: KV,
    private readonly jsm: JetStreamManager,
  ) {}

  static async open(nc: NatsConnection): Promise<IdentityStore> {
    const kvm = new Kvm(jetstream(nc));
    const open = (name: string) => kvm.create(name, { storage: "file", history: 1 } as never);
    return new IdentityStore(
      await open(kvBuckets.identityCustomers),
      await open(kvBuckets.identityDevices),
      await open(kvBuckets.identityBrands),
      await open(kvBuckets.identityStores),
      await open(kvBuckets.identityCredentials),
      await jetstreamManager(nc),
    );
  }

  async addCustomer(customerId: string, record: CustomerRecord, credentialHash: string): Promise<void> {
    await this.credentials.put(credentialHash, encode({ kind: "customer", customerId } satisfies CredentialRecord));
    await createOnce(this.customers, customerId, { ...record, credentialHash }, "customer");
  }

  /**
   * Erasure: the customer's record and every device key under it leave the buckets' streams
   * entirely (a KV delete or purge would leave a marker whose subject names the customer).
   */
  async removeCustomer(customerId: string): Promise<void> {
    await purgeKeys(this.jsm, kvBuckets.identityDevices, `${customerId}.*`);
    await purgeKeys(this.jsm, kvBuckets.identityCustomers, customerId);
  }

  /** Hashes of customer credentials naming this customer: a full scan, for records that do not keep theirs. */
  async customerCredentialHashes(customerId: string): Promise<string[]> {
    const hashes: string[] = [];
    for await (const hash of await this.credentials.keys(">")) {
      const record = await readJson<CredentialRecord>(this.credentials, hash);
      if (record?.kind === "customer" && record.customerId === customerId) hashes.push(hash);
    }
    return hashes;
  }

  customer(customerId: string): Promise<CustomerRecord | undefined> {
    return readJson(this.customers, customerId);
  }

  /** Records whether recognition is live, unless a later consent change already did; says whether it applied. */
  async setRecognitionLive(customerId: string, recognitionLive: boolean, sequence: number): Promise<boolean> {
    const current = await this.customer(customerId);
    if (!current || (current.recognitionSequence ?? 0) >= sequence) return false;
    await this.customers.put(customerId, encode({ ...current, recognitionLive, recognitionSequence: sequence }));
    return true;
  }

  async addBrand(brandId: string, record: BrandRecord, credentialHash: string): Promise<void> {
    await createOnce(this.brands, brandId, { ...record, credentialHash }, `brand ${brandId}`);
    await this.credentials.put(credentialHash, encode({ kind: "brand", brandId } satisfies CredentialRecord));
  }

  brand(brandId: string): Promise<BrandRecord | undefined> {
    return readJson(this.brands, brandId);
  }

  async addStore(record: StoreRecord, credentialHash: string): Promise<void> {
    await createOnce(
      this.stores,
      `${record.brandId}.${record.storeId}`,
      { ...record, credentialHash },
      `store ${record.storeId} of brand ${record.brandId}`,
    );
    await this.credentials.put(
      credentialHash,
      encode({ kind: "store", brandId: record.brandId, storeId: record.storeId } satisfies CredentialRecord),
    );
  }

  store(brandId: string, storeId: string): Promise<StoreRecord | undefined> {
    return readJson(this.stores, `${brandId}.${storeId}`);
  }

  async addDevice(record: DeviceRecord): Promise<void> {
    await createOnce(this.devices, `${record.customerId}.${record.deviceId}`, record, "device");
    await this.credentials.put(
      record.credentialHash,
      encode({ kind: "device", customerId: record.customerId, deviceId: record.deviceId } satisfies CredentialRecord),
    );
  }

  device(customerId: string, deviceId: string): Promise<DeviceRecord | undefined> {
    return readJson(this.devices, `${customerId}.${deviceId}`);
  }

  async revokeCredential(credentialHash: string): Promise<void> {
    await this.credentials.delete(credentialHash);
  }

  /**
   * Gives a store a new credential (or none) and deletes the old one: the new hash is written
   * first, then the record (only if nobody changed it meanwhile), then the old hash goes. Returns
   * the old hash, or undefined when the store does not exist.
   */
  async replaceStoreCredential(
    brandId: string,
    storeId: string,
    next: string | undefined,
  ): Promise<{ old?: string } | undefined> {
    const key = `${brandId}.${storeId}`;
    const entry = await this.stores.get(key);
    if (entry?.operation !== "PUT") return undefined;
    const { credentialHash: old, ...record } = entry.json() as StoreRecord;
    if (next) await this.credentials.put(next, encode({ kind: "store", brandId, storeId } satisfies CredentialRecord));
    await this.stores.update(key, encode(next ? { ...record, credentialHash: next } : record), entry.revision);
    if (old) await this.credentials.delete(old);
    return old ? { old } : {};
  }

  /** Gives a brand a new admin credential and deletes the old one; undefined when the brand does not exist. */
  async replaceBrandCredential(brandId: string, next: string): Promise<{ old?: string } | undefined> {
    const entry = await this.brands.get(brandId);
    if (entry?.operation !== "PUT") return undefined;
    const record = entry.json() as BrandRecord;
    await this.credentials.put(next, encode({ kind: "brand", brandId } satisfies CredentialRecord));
    await this.brands.update(brandId, encode({ ...record, credentialHash: next }), entry.revision);
    if (record.credentialHash) await this.credentials.delete(record.credentialHash);
    return record.credentialHash ? { old: record.credentialHash } : {};
  }

  async removeDevice(device: DeviceRecord): Promise<void> {
    await this.devices.delete(`${device.customerId}.${device.deviceId}`);
  }

  async devicesOf(customerId: string): Promise<DeviceRecord[]> {
    return this.collect(this.devices, `${customerId}.*`);
  }

  async allDevices(): Promise<DeviceRecord[]> {
    return this.collect(this.devices, ">");
  }

  credential(hash: string): Promise<CredentialRecord | undefined> {
    return readJson(this.credentials, hash);
  }

  private async collect<T>(kv: KV, filter: string): Promise<T[]> {
    const records: T[] = [];
    for await (const key of await kv.keys(filter)) {
      const record = await readJson<T>(kv, key);
      if (record) records.push(record);
    }
    return records;
  }
}
