// A store system following its store's presence, either way a store system can:
//
//   over NATS (subscribe to the store's subject):
//     NATS_URL=nats://127.0.0.1:4222 BRAND_ID=northwind-coffee STORE_ID=pike-place \
//       npx tsx examples/store-display.ts nats
//   (without STORE_ID it follows every store of the brand)
//
//   over gRPC (PresenceService.WatchPresence, authorised by the store's credential; starts with
//   who is present now):
//     PRESENCE_ADDRESS=127.0.0.1:50053 STORE_ID=pike-place STORE_CREDENTIAL=... \
//       npx tsx examples/store-display.ts grpc
//
// `npm start` prints the addresses and runs a demo brand with two stores to try it on. The
// example prints pseudonyms only: a brand never sees who a customer is beyond what they shared.

import { type PresenceEvent, PresenceEventKind, PresenceEventSchema } from "#gen/usual/presence/v1/events_pb.js";
import { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { connectNats, subjects, subscribeMessages } from "#libs/nats/src/index.js";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`set ${name} (see the comment at the top of examples/store-display.ts)`);
    process.exit(2);
  }
  return value;
}

function show(event: PresenceEvent): void {
  const at = new Date(Number(event.observedAt?.seconds ?? 0n) * 1000).toISOString().slice(11, 19);
  console.log(`${at}  ${PresenceEventKind[event.kind].padEnd(7)}  ${event.storeId}  customer ${event.customerPseudonym}`);
}

async function overNats(): Promise<void> {
  const nats = await connectNats(process.env.NATS_URL ?? "nats://127.0.0.1:4222", "store-display-example");
  const brandId = required("BRAND_ID");
  const storeId = process.env.STORE_ID;
  const subject = storeId ? subjects.presence(brandId, storeId) : subjects.presenceOfBrand(brandId);
  console.log(`listening on ${subject}; Ctrl-C to stop`);
  subscribeMessages(nats, subject, PresenceEventSchema, ({ message }) => show(message));
  process.once("SIGINT", () => void nats.close().then(() => process.exit(0)));
}

async function overGrpc(): Promise<void> {
  const presence = createServiceClient(PresenceService, process.env.PRESENCE_ADDRESS ?? "127.0.0.1:50053");
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  console.log("watching over gRPC; the first events are who is present now; Ctrl-C to stop");
  try {
    for await (const response of presence.watchPresence(
      { storeId: required("STORE_ID") },
      { bearer: required("STORE_CREDENTIAL"), signal: controller.signal },
    )) {
      if (response.event) show(response.event);
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    presence.close();
  }
}

const mode = process.argv[2];
if (mode === "nats") await overNats();
else if (mode === "grpc") await overGrpc();
else {
  console.error("usage: npx tsx examples/store-display.ts nats|grpc (see the comment at the top)");
  process.exit(2);
}
