// The demo's simulated world: wearables that compute their rolling ID offline from the daily
// keys they were given, store beacon hubs streaming sightings to presence, and a watcher of the
// presence events a counter display would receive.

import { setTimeout as sleep } from "node:timers/promises";
import { timestampDate, timestampNow } from "@bufbuild/protobuf/wkt";
import type { NatsConnection } from "@nats-io/transport-node";
import type { KeyBundle } from "#gen/usual/identity/v1/identity_pb.js";
import { type PresenceEvent, PresenceEventKind, PresenceEventSchema } from "#gen/usual/presence/v1/events_pb.js";
import {
  PresenceService,
  type StreamSightingsRequestSchema,
  type StreamSightingsResponseSchema,
} from "#gen/usual/presence/v1/presence_pb.js";
import { type BidiCall, createServiceClient } from "#libs/grpc/src/index.js";
import { subjects, subscribeMessages } from "#libs/nats/src/index.js";
import { dayOfInterval, intervalAt, rollingIdAt } from "#libs/rolling-id/src/index.js";

export class DemoError extends Error {
  override name = "DemoError";
}

export type Wearable = { readonly owner: string; readonly dailyKeys: ReadonlyMap<number, Uint8Array> };

export function wearableOf(owner: string, bundle: KeyBundle | undefined): Wearable {
  return { owner, dailyKeys: new Map((bundle?.dailyKeys ?? []).map((entry) => [entry.day, entry.key])) };
}

/** What the wearable broadcasts right now, computed as a watch would: offline, from today's key. */
function broadcastNow(wearable: Wearable): Uint8Array {
  const now = Date.now() / 1000;
  const key = wearable.dailyKeys.get(dayOfInterval(intervalAt(now)));
  if (!key) throw new DemoError(`${wearable.owner}'s wearable holds no daily key for today`);
  return rollingIdAt(key, now);
}

const BEACONS = ["beacon-1", "beacon-2"] as const;

export type StoreHub = {
  readonly storeId: string;
  /** One batch: every wearable heard by both beacons. */
  sight(wearables: readonly Wearable[]): Promise<void>;
  close(): Promise<void>;
};

export function openStoreHub(
  presenceAddress: string,
  storeId: string,
  credential: string,
  print: (line: string) => void,
): StoreHub {
  const client = createServiceClient(PresenceService, presenceAddress);
  const call: BidiCall<typeof StreamSightingsRequestSchema, typeof StreamSightingsResponseSchema> = client.streamSightings({
    bearer: credential,
  });
  let nextBatchId = 1n;
  let closing = false;
  const reported = new Set<string>();
  const reading = (async () => {
    try {
      for await (const response of call.responses) {
        if (response.outcome.case !== "rejected" || reported.has(response.outcome.value.message)) continue;
        reported.add(response.outcome.value.message);
        print(`${storeId} hub: a batch was rejected: ${response.outcome.value.message}`);
      }
    } catch (error) {
      if (!closing) print(`${storeId} hub: the sightings stream failed: ${(error as Error).message}`);
    }
  })();
  return {
    storeId,
    async sight(wearables) {
      if (wearables.length === 0) return;
      const sightings = wearables.flatMap((wearable) =>
        BEACONS.map((beacon) => ({
          rollingId: broadcastNow(wearable),
          beaconId: `${storeId}-${beacon}`,
          observedAt: timestampNow(),
          rssi: -75 + Math.floor(Math.random() * 25),
        })),
      );
      await call.send({ batchId: nextBatchId++, batch: { storeId, sightings } });
    },
    async close() {
      closing = true;
      call.end();
      await Promise.race([reading, sleep(2_000)]);
      call.cancel();
      client.close();
    },
  };
}

export type PresenceWatcher = {
  readonly arrivals: readonly PresenceEvent[];
  /** Resolves with the first arrival (from `from` on) the predicate accepts, or undefined after timeoutMs. */
  waitForArrival(
    timeoutMs: number,
    from?: number,
    accept?: (event: PresenceEvent) => boolean,
  ): Promise<PresenceEvent | undefined>;
  close(): void;
};

export const shortPseudonym = (pseudonym: string) => `${pseudonym.slice(0, 8)}…`;

/** Prints every presence event of the brand as it happens, as a counter display would see it. */
export async function watchPresence(
  nc: NatsConnection,
  brandId: string,
  print: (line: string) => void,
): Promise<PresenceWatcher> {
  const arrivals: PresenceEvent[] = [];
  const subscription = subscribeMessages(nc, subjects.presence(brandId, ">"), PresenceEventSchema, ({ message }) => {
    const who = `customer pseudonym ${shortPseudonym(message.customerPseudonym)}`;
    if (message.kind === PresenceEventKind.ARRIVED) {
      arrivals.push(message);
      const lag =
        message.observedAt && message.publishedAt
          ? ` (published ${timestampDate(message.publishedAt).getTime() - timestampDate(message.observedAt).getTime()} ms after the beacon heard it)`
          : "";
      print(`arrived at ${message.storeId}: ${who}${lag}`);
    } else if (message.kind === PresenceEventKind.LEFT) {
      print(`left ${message.storeId}: ${who}`);
    }
  });
  await nc.flush();
  return {
    arrivals,
    async waitForArrival(timeoutMs, from = 0, accept = () => true) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = arrivals.slice(from).find(accept);
        if (found) return found;
        await sleep(50);
      }
      return undefined;
    },
    close: () => subscription.unsubscribe(),
  };
}

/** Streams sightings a few times a second for durationMs, or until `until` holds. */
export async function walk(
  plan: ReadonlyArray<readonly [StoreHub, readonly Wearable[]]>,
  durationMs: number,
  options: { until?: () => boolean; signal?: AbortSignal } = {},
): Promise<number> {
  const deadline = Date.now() + durationMs;
  let ticks = 0;
  while (Date.now() < deadline && !options.until?.() && !options.signal?.aborted) {
    await Promise.all(plan.map(([hub, wearables]) => hub.sight(wearables)));
    ticks += 1;
    await sleep(400);
  }
  if (options.signal?.aborted) throw new DemoError("the demo was stopped");
  return ticks;
}
