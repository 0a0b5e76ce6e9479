// The synthetic enrolled population, derived from a few secrets so the seeder (parent) and the
// load generator (child) agree on every id without shipping a million records between them.
// Customer i holds one paired device and a recognition consent for brand i mod B.
import { createHash } from "node:crypto";
import { intervalAt } from "#libs/rolling-id/src/index.js";
import { type ResolverEntry, resolverEntries, windowIntervals } from "../services/identity/src/domain/resolver-window.js";
import { brandPseudonym } from "../services/identity/src/domain/secrets.js";

export type PopulationSpec = {
  /** Makes this population's ids distinct from any earlier one. */
  readonly seedHex: string;
  /** The identity master key the synthetic devices' keys derive from (16 bytes). */
  readonly masterKeyHex: string;
  /** Keys the brand pseudonyms, as identity's pseudonym secret does (32 bytes). */
  readonly pseudonymSecretHex: string;
  readonly devices: number;
  readonly brandIds: readonly string[];
  /** The interval i the table was seeded at: entries exist for i-1 .. i+2. */
  readonly seededInterval: number;
};

export class Population {
  private readonly seed: Buffer;
  private readonly masterKey: Buffer;
  private readonly pseudonymSecret: Buffer;

  constructor(readonly spec: PopulationSpec) {
    this.seed = Buffer.from(spec.seedHex, "hex");
    this.masterKey = Buffer.from(spec.masterKeyHex, "hex");
    this.pseudonymSecret = Buffer.from(spec.pseudonymSecretHex, "hex");
  }

  private idOf(kind: string, index: number): string {
    return createHash("sha256").update(this.seed).update(`${kind}:${index}`).digest().subarray(0, 16).toString("base64url");
  }

  customerId(index: number): string {
    return this.idOf("customer", index);
  }

  deviceId(index: number): string {
    return this.idOf("device", index);
  }

  brandIndexOf(index: number): number {
    return index % this.spec.brandIds.length;
  }

  brandIdOf(index: number): string {
    return this.spec.brandIds[this.brandIndexOf(index)] as string;
  }

  pseudonym(index: number): string {
    return brandPseudonym(this.pseudonymSecret, this.brandIdOf(index), this.customerId(index));
  }

  /** How many customers hold consent for brand b. */
  customersOfBrand(brandIndex: number): number {
    return Math.ceil((this.spec.devices - brandIndex) / this.spec.brandIds.length);
  }

  /** The k-th customer (0-based) of brand b. */
  customerOfBrand(brandIndex: number, k: number): number {
    return brandIndex + k * this.spec.brandIds.length;
  }

  /** The device's resolver entries, computed by identity's own precompute code. */
  resolverEntries(index: number): ResolverEntry[] {
    return resolverEntries(this.masterKey, this.deviceId(index), windowIntervals(this.spec.seededInterval));
  }
}

/** The entry a wearable would broadcast at a moment: its own interval, clamped into the seeded window. */
export function entryAt(entries: readonly ResolverEntry[], atMs: number): ResolverEntry {
  const first = entries[0] as ResolverEntry;
  const last = entries.at(-1) as ResolverEntry;
  const interval = Math.min(last.interval, Math.max(first.interval, intervalAt(atMs / 1000)));
  return entries.find((entry) => entry.interval === interval) ?? first;
}
