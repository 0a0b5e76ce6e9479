// Each customer's data key (AES-256), kept durably in a file-backed JetStream KV bucket,
// wrapped under the service's key-encryption key. Erasure purges it: every sealed entry of the
// customer becomes unreadable, while the chain (which hashes the ciphertext) still verifies.
import { randomBytes } from "node:crypto";
import { jetstream } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { kvBuckets } from "#libs/nats/src/index.js";
import { open, seal } from "../domain/sealing.js";

/** The customer's key, or why there is none: never made, or destroyed by erasure. */
export type CustomerKey = { readonly key: Uint8Array } | { readonly key: undefined; readonly erased: boolean };

export class CustomerKeys {
  private constructor(
    private readonly kv: KV,
    private readonly keyEncryptionKey: Uint8Array,
  ) {}

  static async open(nc: NatsConnection, keyEncryptionKey: Uint8Array): Promise<CustomerKeys> {
    const kv = await new Kvm(jetstream(nc)).create(kvBuckets.consentCustomerKeys, { storage: "file", history: 1 } as never);
    return new CustomerKeys(kv, keyEncryptionKey);
  }

  async find(customerId: string): Promise<CustomerKey> {
    const entry = await this.kv.get(customerId);
    if (!entry) return { key: undefined, erased: false };
    if (entry.operation !== "PUT") return { key: undefined, erased: true };
    return { key: open(this.keyEncryptionKey, entry.value, customerId) };
  }

  /** The customer's key, made on first use; undefined once the customer was erased. */
  async obtain(customerId: string): Promise<Uint8Array | undefined> {
    const found = await this.find(customerId);
    if (found.key || found.erased) return found.key;
    const key = randomBytes(32);
    try {
      await this.kv.create(customerId, seal(this.keyEncryptionKey, key, customerId));
      return key;
    } catch {
      // Another replica made it first.
      return (await this.find(customerId)).key;
    }
  }

  /** Deletes the key and purges every stored value of it. */
  async destroy(customerId: string): Promise<void> {
    await this.kv.purge(customerId);
  }
}
