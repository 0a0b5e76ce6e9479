// A paired wearable: it holds its device credential and key bundle, computes its rolling ID
// offline for any moment the bundle covers, and refreshes the bundle when fewer than two days
// of keys remain.
import { randomInt } from "node:crypto";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  DeviceKind,
  IdentityService,
  type KeyBundle,
  KeyBundleSchema,
  type PairDeviceRequestSchema,
} from "#gen/usual/identity/v1/identity_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { INTERVAL_SECONDS, intervalAt, rollingIdAt } from "#libs/rolling-id/src/index.js";
import { advertisingPayload } from "./advertisement.js";
import type { CustomerSession } from "./session.js";

const DAY_MS = 86_400_000;
/** Refresh once fewer than this many days of keys remain (docs: wearable README). */
export const REFRESH_WHEN_DAYS_LEFT = 2;
/** The ID changes a little after its interval starts, so rotations of nearby wearables do not line up. */
const MAX_ROTATION_JITTER_MS = 20_000;

export class KeysExhaustedError extends Error {
  override name = "KeysExhaustedError";
}

/** What to broadcast now, and when to change it. */
export type Broadcast = {
  readonly rollingId: Buffer;
  readonly interval: number;
  /** The legacy BLE advertising payload (sdk/wearable/README.md has the byte layout). */
  readonly payload: Buffer;
  /** When this interval ends (unix ms). */
  readonly intervalEndsAt: number;
  /** When to switch to the next ID and a new random BLE address: the interval's end plus jitter (unix ms). */
  readonly rotateAt: number;
};

/** What a wearable keeps across restarts (store it encrypted: the daily keys are secrets). */
export type WearableState = {
  readonly identityAddress: string;
  readonly deviceId: string;
  readonly deviceCredential: string;
  readonly keyVersion: number;
  readonly dailyKeys: readonly { readonly day: number; readonly keyHex: string }[];
};

export type WearableOptions = {
  /** Calibrated transmit power at 0 m, dBm; -59 unless told. */
  readonly txPowerDbm?: number;
  /** The clock (unix ms); Date.now unless told (the example speeds it up). */
  readonly now?: () => number;
};

export class Wearable {
  private bundle: KeyBundle;

  private constructor(
    private readonly identityAddress: string,
    readonly deviceId: string,
    private readonly deviceCredential: string,
    bundle: KeyBundle,
    private readonly options: WearableOptions,
  ) {
    this.bundle = bundle;
  }

  /** Pairs a new wearable with the signed-in customer. */
  static async pair(
    session: CustomerSession,
    device: Omit<MessageInitShape<typeof PairDeviceRequestSchema>, "$typeName"> = { kind: DeviceKind.WATCH },
    options: WearableOptions = {},
  ): Promise<Wearable> {
    const paired = await session.identityClient.pairDevice(device, { bearer: await session.accessToken() });
    if (!paired.keyBundle) throw new Error("pairing returned no key bundle");
    return new Wearable(session.identityAddress, paired.deviceId, paired.deviceCredential, paired.keyBundle, options);
  }

  static restore(state: WearableState, options: WearableOptions = {}): Wearable {
    const bundle = create(KeyBundleSchema, {
      keyVersion: state.keyVersion,
      dailyKeys: state.dailyKeys.map(({ day, keyHex }) => ({ day, key: Buffer.from(keyHex, "hex") })),
    });
    return new Wearable(state.identityAddress, state.deviceId, state.deviceCredential, bundle, options);
  }

  state(): WearableState {
    return {
      identityAddress: this.identityAddress,
      deviceId: this.deviceId,
      deviceCredential: this.deviceCredential,
      keyVersion: this.bundle.keyVersion,
      dailyKeys: this.bundle.dailyKeys.map(({ day, key }) => ({ day, keyHex: Buffer.from(key).toString("hex") })),
    };
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The rolling ID for a moment (unix ms), computed offline; throws KeysExhaustedError past the bundle. */
  rollingIdAt(ms = this.now()): Buffer {
    const day = Math.floor(ms / DAY_MS);
    const key = this.bundle.dailyKeys.find((entry) => entry.day === day)?.key;
    if (!key) throw new KeysExhaustedError(`no daily key for day ${day}: refresh the key bundle while online`);
    return rollingIdAt(key, ms / 1000);
  }

  /** What to broadcast at a moment, and when to rotate. */
  broadcastAt(ms = this.now()): Broadcast {
    const rollingId = this.rollingIdAt(ms);
    const interval = intervalAt(ms / 1000);
    const intervalEndsAt = (interval + 1) * INTERVAL_SECONDS * 1000;
    return {
      rollingId,
      interval,
      payload: advertisingPayload(rollingId, this.options.txPowerDbm ?? -59),
      intervalEndsAt,
      rotateAt: intervalEndsAt + randomInt(MAX_ROTATION_JITTER_MS),
    };
  }

  /** Days of keys left from a moment: today counts as the part of it still to come. */
  daysOfKeysLeft(ms = this.now()): number {
    const lastDay = Math.max(...this.bundle.dailyKeys.map((entry) => entry.day));
    return ((lastDay + 1) * DAY_MS - ms) / DAY_MS;
  }

  needsKeyRefresh(ms = this.now()): boolean {
    return this.daysOfKeysLeft(ms) < REFRESH_WHEN_DAYS_LEFT;
  }

  /** Fetches a fresh bundle with the device credential (today and the next six days). */
  async refreshKeys(): Promise<void> {
    const identity = createServiceClient(IdentityService, this.identityAddress);
    try {
      const refreshed = await identity.refreshKeyBundle({}, { bearer: this.deviceCredential });
      if (!refreshed.keyBundle) throw new Error("identity returned no key bundle");
      this.bundle = refreshed.keyBundle;
    } finally {
      identity.close();
    }
  }

  /** Refreshes the bundle if fewer than two days remain; says whether it did. Call it whenever online. */
  async maintain(ms = this.now()): Promise<boolean> {
    if (!this.needsKeyRefresh(ms)) return false;
    await this.refreshKeys();
    return true;
  }

  get keyBundle(): KeyBundle {
    return this.bundle;
  }
}
