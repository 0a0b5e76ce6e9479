// The live demo `npm start` runs against the mesh: a brand with two stores, three customers
// with a wearable each who grant recognition, their arrivals as a counter display sees them,
// and a revocation that takes effect on the very next sighting. Prints no credential, key or
// rolling ID, and only a prefix of each pseudonym.
import { randomBytes } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { ConsentService, Purpose } from "#gen/usual/consent/v1/consent_pb.js";
import { DeviceKind, IdentityService } from "#gen/usual/identity/v1/identity_pb.js";
import { createServiceClient, type ServiceClient } from "#libs/grpc/src/index.js";
import { connectNats, subjects } from "#libs/nats/src/index.js";
import {
  DemoError,
  openStoreHub,
  type StoreHub,
  shortPseudonym,
  type Wearable,
  walk,
  watchPresence,
  wearableOf,
} from "./demo-world.js";

export type DemoOptions = {
  readonly addresses: Readonly<Record<"identity" | "consent" | "presence", string>>;
  readonly natsUrl: string;
  /** The platform operator's credential, to register the demo brand. */
  readonly operatorCredential: string;
  readonly print: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Called once the demo's stores exist, before anyone walks in (npm start prints a display URL). */
  readonly onStoreRegistered?: (store: { brandId: string; storeId: string; storeCredential: string }) => Promise<void>;
};

const BRAND = "northwind-coffee";
const STORES = [
  { storeId: "pike-place", displayName: "Pike Place", location: { latitude: 47.6097, longitude: -122.3422 } },
  { storeId: "capitol-hill", displayName: "Capitol Hill", location: { latitude: 47.6253, longitude: -122.3222 } },
] as const;
const CUSTOMERS = [
  { name: "Jeff", kind: DeviceKind.WATCH, model: "demo watch" },
  { name: "Maya", kind: DeviceKind.BAND, model: "demo band" },
  { name: "Priya", kind: DeviceKind.WATCH, model: "demo watch" },
] as const;

type Customer = { readonly name: string; readonly credential: string; readonly wearable: Wearable };

function isAlreadyExists(error: unknown): boolean {
  return (error as { code?: unknown }).code === grpc.status.ALREADY_EXISTS;
}

/** Registers the brand, under a fresh suffix when an earlier run already registered it. */
async function registerBrand(
  identity: ServiceClient<typeof IdentityService>,
  operatorCredential: string,
): Promise<{ brandId: string; credential: string }> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const brandId = attempt === 0 ? BRAND : `${BRAND}-${randomBytes(3).toString("base64url").slice(0, 4).toLowerCase()}`;
    try {
      const response = await identity.registerBrand({ brandId, displayName: "Northwind Coffee" }, { bearer: operatorCredential });
      return { brandId: response.brandId, credential: response.brandCredential };
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }
  throw new DemoError("could not find a free brand id");
}

const NOTICES: readonly [Purpose, string][] = [
  [Purpose.RECOGNITION, "We recognise you on arrival by your wearable."],
  [Purpose.GREET_BY_NAME, "The barista sees the name you give here and greets you with it."],
  [Purpose.PREFERENCES, "The counter sees your answers below, and never asks what you asked us not to."],
];

/** What the consent centre shows a customer about the demo brand: its notices and its choices. */
async function publishBrandOffer(consent: ServiceClient<typeof ConsentService>, brandId: string, credential: string) {
  for (const [purpose, text] of NOTICES) {
    await consent.publishNotice({ brandId, purpose, version: 1, text }, { bearer: credential });
  }
  const option = (optionId: string, label: string) => ({ optionId, label });
  await consent.defineChoices(
    {
      brandId,
      choices: [
        {
          choiceId: "regular-order",
          label: "Regular order",
          kind: {
            case: "oneOf",
            value: {
              options: [
                option("tall-drip-pike", "Tall drip Pike"),
                option("flat-white", "Flat white"),
                option("oat-latte", "Oat latte"),
              ],
            },
          },
        },
        { choiceId: "room-for-cream", label: "Room for cream", kind: { case: "yesNo", value: {} } },
      ],
      dontAskOptions: [
        { itemId: "receipt", label: "Paper receipt" },
        { itemId: "loyalty", label: "Loyalty card" },
      ],
    },
    { bearer: credential },
  );
}

async function enrolCustomer(
  identity: ServiceClient<typeof IdentityService>,
  consent: ServiceClient<typeof ConsentService>,
  brandId: string,
  spec: (typeof CUSTOMERS)[number],
): Promise<Customer> {
  // Registering signs the app in: its access token (10 minutes, plenty for the demo) is the bearer.
  const { tokens } = await identity.registerCustomer({ displayName: spec.name });
  const accessToken = tokens?.accessToken ?? "";
  const paired = await identity.pairDevice(
    { kind: spec.kind, model: spec.model, label: `${spec.name}'s ${spec.model}` },
    { bearer: accessToken },
  );
  await consent.joinProgramme({ noticeVersion: 1 }, { bearer: accessToken });
  await consent.grantConsent({ brandId, purpose: Purpose.RECOGNITION, noticeVersion: 1 }, { bearer: accessToken });
  return { name: spec.name, credential: accessToken, wearable: wearableOf(spec.name, paired.keyBundle) };
}

export async function runDemo(options: DemoOptions): Promise<{ brandId: string; revocationHeld: boolean }> {
  const { print, signal } = options;
  const identity = createServiceClient(IdentityService, options.addresses.identity);
  const consent = createServiceClient(ConsentService, options.addresses.consent);
  const nc = await connectNats(options.natsUrl, "usual-demo");
  const hubs: StoreHub[] = [];
  try {
    const brand = await registerBrand(identity, options.operatorCredential);
    const stores = [];
    for (const store of STORES) {
      const registered = await identity.registerStore({ brandId: brand.brandId, ...store }, { bearer: brand.credential });
      stores.push(openStoreHub(options.addresses.presence, registered.storeId, registered.storeCredential, print));
      await options.onStoreRegistered?.({
        brandId: brand.brandId,
        storeId: registered.storeId,
        storeCredential: registered.storeCredential,
      });
    }
    hubs.push(...stores);
    await publishBrandOffer(consent, brand.brandId, brand.credential);
    const [pike, capitol] = stores as [StoreHub, StoreHub];
    print(`registered brand ${brand.brandId} with stores ${pike.storeId} and ${capitol.storeId}`);
    const [jeff, maya, priya] = (await Promise.all(
      CUSTOMERS.map((spec) => enrolCustomer(identity, consent, brand.brandId, spec)),
    )) as [Customer, Customer, Customer];
    print(
      `registered ${CUSTOMERS.map((c) => c.name).join(", ")}; each paired a wearable and granted ${brand.brandId} recognition`,
    );

    const presence = await watchPresence(nc, brand.brandId, print);
    print(`listening on ${subjects.presence(brand.brandId, ">")} as a counter display would`);

    print(
      `${jeff.name} walks into ${pike.storeId} (identity writes the rolling IDs to Redis in the background; sighting until the first arrival)`,
    );
    await walk([[pike, [jeff.wearable]]], 10_000, { until: () => presence.arrivals.length > 0, ...(signal ? { signal } : {}) });
    const jeffArrival = await presence.waitForArrival(1_000);
    if (!jeffArrival)
      throw new DemoError(`no arrival within 10 s of sighting ${jeff.name}'s wearable; see the identity and presence logs above`);

    print(`${maya.name} joins ${jeff.name} at ${pike.storeId}; ${priya.name} walks into ${capitol.storeId}`);
    const phaseTwo = presence.arrivals.length;
    await walk(
      [
        [pike, [jeff.wearable, maya.wearable]],
        [capitol, [priya.wearable]],
      ],
      10_000,
      signal ? { signal } : {},
    );
    const arrivalAt = (storeId: string) =>
      presence.waitForArrival(
        500,
        phaseTwo,
        (event) => event.storeId === storeId && event.customerPseudonym !== jeffArrival.customerPseudonym,
      );
    const [mayaArrival, priyaArrival] = await Promise.all([arrivalAt(pike.storeId), arrivalAt(capitol.storeId)]);

    await consent.revokeConsent({ brandId: brand.brandId, purpose: Purpose.RECOGNITION }, { bearer: maya.credential });
    print(
      `${maya.name} withdraws recognition for ${brand.brandId} (one call); ${jeff.name} and ${maya.name} walk on to ${capitol.storeId}`,
    );
    const phaseThree = presence.arrivals.length;
    const ticks = await walk([[capitol, [priya.wearable, jeff.wearable, maya.wearable]]], 5_000, signal ? { signal } : {});
    // Pseudonyms are learnt from who walked where; if Maya's first arrival was missed, anyone but Jeff and Priya is her.
    const others = new Set([jeffArrival.customerPseudonym, priyaArrival?.customerPseudonym]);
    const isMaya = (event: { customerPseudonym: string }) =>
      mayaArrival ? event.customerPseudonym === mayaArrival.customerPseudonym : !others.has(event.customerPseudonym);
    const mayaAfterRevoke = await presence.waitForArrival(500, phaseThree, isMaya);
    const revocationHeld = mayaAfterRevoke === undefined;
    if (revocationHeld) {
      print(
        `${maya.name}'s wearable was sighted ${ticks * 2} times at ${capitol.storeId} after she withdrew: no arrival, she is no longer recognised`,
      );
    } else {
      print(
        `UNEXPECTED: ${maya.name} arrived at ${mayaAfterRevoke?.storeId} as ${shortPseudonym(mayaAfterRevoke?.customerPseudonym ?? "")} after withdrawing recognition`,
      );
    }
    presence.close();
    return { brandId: brand.brandId, revocationHeld };
  } finally {
    await Promise.all(hubs.map((hub) => hub.close()));
    await nc.close();
    identity.close();
    consent.close();
  }
}

/** Where to look once the demo has run. */
export function whereToLookNext(options: {
  brandId: string;
  natsUrl: string;
  addresses: Readonly<Record<string, string>>;
  gatewayHttpUrl: string | undefined;
}): string[] {
  return [
    `presence events keep flowing on NATS: subscribe to ${subjects.presence(options.brandId, ">")} at ${options.natsUrl}`,
    `gRPC (server reflection is on): grpcurl -plaintext ${options.addresses.identity ?? "127.0.0.1:<port>"} list`,
    ...(options.gatewayHttpUrl
      ? [`gateway: REST API described at ${options.gatewayHttpUrl}/docs/ (OpenAPI at ${options.gatewayHttpUrl}/openapi.json)`]
      : []),
    "docs/ describes the RPCs, NATS subjects and Redis keys; each service's README says what it promises",
  ];
}
