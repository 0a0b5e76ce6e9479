// Refresh-token families in a JetStream KV bucket (file storage): key
// <customer_id>.<family_id>, value JSON with the SHA-256 of the one refresh token of the family
// that may still be spent. The bucket's max age is a family's lifetime, so dead families go.
import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { kvBuckets } from "#libs/nats/src/index.js";
import { purgeKeys } from "./identity-store.js";

export type TokenFamily = {
  readonly customerId: string;
  readonly familyId: string;
  /** SHA-256 hex of the refresh token that may be spent next; every earlier one is spent. */
  readonly tokenHash: string;
  readonly audiences: readonly string[];
  readonly createdAt: string;
  /** Unix seconds; the family and its refresh tokens end here whatever happens. */
  readonly expiresAt: number;
  /** How many times the family has been refreshed. */
  readonly generation: number;
};

export type StoredFamily = { readonly family: TokenFamily; readonly revision: number };

const keyOf = (customerId: string, familyId: string) => `${customerId}.${familyId}`;

export class TokenFamilies {
  private constructor(
    private readonly kv: KV,
    private readonly jsm: JetStreamManager,
  ) {}

  static async open(nc: NatsConnection, lifetimeSeconds: number): Promise<TokenFamilies> {
    const kvm = new Kvm(jetstream(nc));
    const kv = await kvm.create(kvBuckets.identityTokenFamilies, {
      storage: "file",
      history: 1,
      ttl: lifetimeSeconds * 1000,
    } as never);
    return new TokenFamilies(kv, await jetstreamManager(nc));
  }

  async start(family: TokenFamily): Promise<void> {
    await this.kv.create(keyOf(family.customerId, family.familyId), JSON.stringify(family));
  }

  async get(customerId: string, familyId: string): Promise<StoredFamily | undefined> {
    const entry = await this.kv.get(keyOf(customerId, familyId));
    if (entry?.operation !== "PUT") return undefined;
    return { family: entry.json() as TokenFamily, revision: entry.revision };
  }

  /** Replaces the family only if nobody else did since `revision`; says whether it did. */
  async rotate(next: TokenFamily, revision: number): Promise<boolean> {
    try {
      await this.kv.update(keyOf(next.customerId, next.familyId), JSON.stringify(next), revision);
      return true;
    } catch {
      return false;
    }
  }

  async revoke(customerId: string, familyId: string): Promise<void> {
    await this.kv.delete(keyOf(customerId, familyId));
  }

  async familiesOf(customerId: string): Promise<TokenFamily[]> {
    const families: TokenFamily[] = [];
    for await (const key of await this.kv.keys(`${customerId}.*`)) {
      const entry = await this.kv.get(key);
      if (entry && entry.operation === "PUT") families.push(entry.json() as TokenFamily);
    }
    return families;
  }

  /** Erasure: every family of the customer, gone from the stream (no marker naming the customer stays). */
  async revokeAll(customerId: string): Promise<void> {
    await purgeKeys(this.jsm, kvBuckets.identityTokenFamilies, `${customerId}.*`);
  }
}
