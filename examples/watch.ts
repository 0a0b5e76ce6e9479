// A watch playing usual's wearable: signs in (registering a customer unless given one), pairs,
// optionally grants a brand recognition, then prints its rotating ID every interval — only a
// short fingerprint of it, never the ID or the keys.
//
//   IDENTITY_ADDRESS=127.0.0.1:50051 npx tsx examples/watch.ts
//   IDENTITY_ADDRESS=… CONSENT_ADDRESS=127.0.0.1:50052 BRAND_ID=northwind-coffee npx tsx examples/watch.ts
//   … npx tsx examples/watch.ts --speed 60      (an interval every 10 s: time runs 60× faster)
//
// CUSTOMER_CREDENTIAL signs in as an existing customer instead of registering "Watch Demo".
// `npm start` prints the addresses and registers a demo brand whose id it prints.
import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { DeviceKind } from "#gen/usual/identity/v1/identity_pb.js";
import { Consents, CustomerSession, KeysExhaustedError, Wearable } from "#sdk/wearable/src/index.js";

const { values } = parseArgs({ options: { speed: { type: "string", default: "1" } } });
const speed = Number(values.speed);
if (!Number.isFinite(speed) || speed < 1 || speed > 100_000) {
  console.error("--speed must be a number from 1 to 100000");
  process.exit(2);
}
const identityAddress = process.env.IDENTITY_ADDRESS ?? "127.0.0.1:50051";

// The watch's clock: real time, sped up from the moment it starts.
const startedAt = Date.now();
const now = () => startedAt + (Date.now() - startedAt) * speed;

/** Enough to tell IDs apart on screen; says nothing a scanner could use. */
const fingerprint = (rollingId: Buffer) => createHash("sha256").update(rollingId).digest("hex").slice(0, 8);

async function signIn(): Promise<CustomerSession> {
  const customerCredential = process.env.CUSTOMER_CREDENTIAL;
  if (customerCredential) return CustomerSession.signIn({ identityAddress, customerCredential });
  const { session } = await CustomerSession.register(identityAddress, "Watch Demo");
  console.log("registered a new customer (its credential stays in this process)");
  return session;
}

async function main(): Promise<void> {
  const session = await signIn();
  const watch = await Wearable.pair(session, { kind: DeviceKind.WATCH, model: "Example Watch", label: "demo" }, { now });
  console.log(`paired; keys for ${watch.daysOfKeysLeft().toFixed(1)} days; time runs ${speed}× real time`);
  const brandId = process.env.BRAND_ID;
  if (brandId) {
    const consents = new Consents(process.env.CONSENT_ADDRESS ?? "127.0.0.1:50052", session);
    // The demo brand publishes version 1 of its notices; a real app shows the notice first.
    await consents.joinProgramme(1);
    await consents.grant(brandId, Purpose.RECOGNITION, 1);
    consents.close();
    console.log(`granted ${brandId} recognition: its stores' beacons now recognise this watch`);
  }
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  try {
    while (!stop.signal.aborted) {
      if (await watch.maintain().catch(() => false)) console.log("fewer than 2 days of keys left: refreshed the key bundle");
      const broadcast = watch.broadcastAt();
      const at = new Date(now()).toISOString().slice(0, 19).replace("T", " ");
      console.log(
        `${at}  interval ${broadcast.interval}  id ${fingerprint(broadcast.rollingId)}…  advertising ${broadcast.payload.length} B  next at ${new Date(broadcast.rotateAt).toISOString().slice(11, 19)}`,
      );
      await sleep(Math.max(0, (broadcast.rotateAt - now()) / speed), undefined, { signal: stop.signal }).catch(() => {});
    }
  } catch (error) {
    // Sped-up time can run past the keys the service gives out for the real today.
    if (!(error instanceof KeysExhaustedError)) throw error;
    console.log(`${error.message}; the service hands out keys for the real today and six more days`);
  } finally {
    await session.signOut();
  }
}

await main();
