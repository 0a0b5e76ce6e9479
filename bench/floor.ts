// The floor: what the hot path cannot beat on this machine, measured in the same run on the
// same loopback and servers. One Redis GET round trip, one NATS publish -> subscribe (one way)
// and one gRPC stream message (one way), each sequential so no sample queues behind another.
// The hot path itself makes one Redis round trip per batch, but a Lua script doing far more than
// one GET (resolver table, consent projection, defences, visits), so it cannot reach 1x floor;
// the target allows 3x.
import { create, toBinary } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { PresenceEventKind, PresenceEventSchema } from "#gen/usual/presence/v1/events_pb.js";
import { StreamSightingsRequestSchema } from "#gen/usual/presence/v1/presence_pb.js";
import { connectNats, publishMessage, subscribeMessages } from "#libs/nats/src/index.js";
import type { RedisClient } from "#libs/redis/src/index.js";
import { nowMs, timestampOfMs } from "./clock.js";
import type { TableProbe } from "./seed.js";
import { type Percentiles, summarize } from "./stats.js";

export type FloorResult = {
  readonly samples: number;
  readonly redisGetMs: Percentiles;
  readonly natsOneWayMs: Percentiles;
  readonly grpcOneWayMs: Percentiles;
  /** Sum of the three p50s. */
  readonly floorMs: number;
};

/** Not a usual subject: only this measurement publishes or listens on it. */
const FLOOR_SUBJECT = "bench.floor.one-way";
const WARMUP_SAMPLES = 200;

async function redisRoundTrips(redis: RedisClient, probe: TableProbe, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < samples + WARMUP_SAMPLES; index += 1) {
    const started = nowMs();
    await redis.hGet(probe.key, probe.field);
    if (index >= WARMUP_SAMPLES) times.push(nowMs() - started);
  }
  return times;
}

async function natsOneWay(natsUrl: string, samples: number): Promise<number[]> {
  const [publisher, subscriber] = await Promise.all([
    connectNats(natsUrl, "bench-floor-pub"),
    connectNats(natsUrl, "bench-floor-sub"),
  ]);
  try {
    let received: ((atMs: number) => void) | undefined;
    subscribeMessages(subscriber, FLOOR_SUBJECT, PresenceEventSchema, () => received?.(nowMs()));
    await subscriber.flush();
    const times: number[] = [];
    for (let index = 0; index < samples + WARMUP_SAMPLES; index += 1) {
      const arrived = new Promise<number>((resolve) => {
        received = resolve;
      });
      const sentAt = nowMs();
      // The same message presence publishes for an arrival, with trace headers.
      publishMessage(publisher, FLOOR_SUBJECT, PresenceEventSchema, {
        kind: PresenceEventKind.ARRIVED,
        brandId: "bench-floor",
        storeId: "floor",
        customerPseudonym: "AAAAAAAAAAAAAAAAAAAAAA",
        observedAt: timestampOfMs(sentAt),
        publishedAt: timestampOfMs(sentAt),
      });
      const at = await arrived;
      if (index >= WARMUP_SAMPLES) times.push(at - sentAt);
    }
    return times;
  } finally {
    await Promise.all([publisher.close(), subscriber.close()]);
  }
}

const passThrough = { serialize: (bytes: Buffer) => bytes, deserialize: (bytes: Buffer) => bytes };
const FLOOR_METHOD = {
  path: "/usual.bench.v1.Floor/OneWay",
  requestStream: true,
  responseStream: true,
  requestSerialize: passThrough.serialize,
  requestDeserialize: passThrough.deserialize,
  responseSerialize: passThrough.serialize,
  responseDeserialize: passThrough.deserialize,
} as const;

/** A bare grpc-js server and client on loopback, passing a one-sighting StreamSightingsRequest. */
async function grpcOneWay(samples: number): Promise<number[]> {
  let received: ((atMs: number) => void) | undefined;
  const server = new grpc.Server();
  server.addService(
    { OneWay: FLOOR_METHOD },
    {
      OneWay: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
        call.on("data", () => received?.(nowMs()));
        call.on("end", () => call.end());
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const Client = grpc.makeGenericClientConstructor({ OneWay: FLOOR_METHOD }, "Floor");
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 });
  // biome-ignore lint/suspicious/noExplicitAny: generic grpc-js clients are untyped.
  const call: grpc.ClientDuplexStream<Buffer, Buffer> = (client as any).OneWay();
  call.on("error", () => {});
  const payload = (atMs: number) =>
    Buffer.from(
      toBinary(
        StreamSightingsRequestSchema,
        create(StreamSightingsRequestSchema, {
          batchId: 1n,
          batch: {
            storeId: "floor",
            sightings: [{ rollingId: new Uint8Array(16), beaconId: "beacon-1", observedAt: timestampOfMs(atMs), rssi: -60 }],
          },
        }),
      ),
    );
  try {
    const times: number[] = [];
    for (let index = 0; index < samples + WARMUP_SAMPLES; index += 1) {
      const arrived = new Promise<number>((resolve) => {
        received = resolve;
      });
      const bytes = payload(nowMs());
      const sentAt = nowMs();
      call.write(bytes);
      const at = await arrived;
      if (index >= WARMUP_SAMPLES) times.push(at - sentAt);
    }
    return times;
  } finally {
    call.end();
    client.close();
    server.forceShutdown();
  }
}

export async function measureFloor(
  redis: RedisClient,
  natsUrl: string,
  probe: TableProbe,
  samples: number,
): Promise<FloorResult> {
  const redisGetMs = summarize(await redisRoundTrips(redis, probe, samples));
  const natsOneWayMs = summarize(await natsOneWay(natsUrl, samples));
  const grpcOneWayMs = summarize(await grpcOneWay(samples));
  return {
    samples,
    redisGetMs,
    natsOneWayMs,
    grpcOneWayMs,
    floorMs: redisGetMs.p50 + natsOneWayMs.p50 + grpcOneWayMs.p50,
  };
}
