// `npm start`: the whole of usual on this machine. Uses REDIS_URL / NATS_URL when set, otherwise
// starts redis-server and nats-server with their data under .usual/; starts the six services,
// prints their logs, runs the live demo, and keeps running until Ctrl-C stops everything.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type RunningMesh,
  type RunningServer,
  SERVICE_NAMES,
  type ServiceName,
  startMesh,
  startNatsServer,
  startRedisServer,
} from "#libs/local-mesh/src/index.js";
import { runDemo, whereToLookNext } from "./demo.js";
import { loadOrCreateConsentSecrets } from "./local-consent-secrets.js";
import { loadOrCreateSecrets } from "./local-secrets.js";
import { createLinePrinter, paint, useColour } from "./log-format.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const STATE_DIR = join(ROOT, ".usual");
const colour = useColour(process.stdout);
const printLine = createLinePrinter({
  labels: [...SERVICE_NAMES, "usual", "demo"],
  colour,
  write: (text) => process.stdout.write(text),
});
const say = (line: string) => printLine("usual", line);

const started: { redis?: RunningServer; nats?: RunningServer; mesh?: RunningMesh<ServiceName> } = {};
const startup = new AbortController();
let meshStarting: Promise<unknown> | undefined;
let stopping = false;

async function stopEverything(exitCode: number): Promise<never> {
  stopping = true;
  startup.abort(new Error("stopping"));
  const servers = [started.nats && "nats-server", started.redis && "redis-server"].filter(Boolean);
  say(`stopping the services${servers.length > 0 ? `, then ${servers.join(" and ")}` : ""}…`);
  // A start-up cut short stops the services it had spawned itself.
  await meshStarting?.catch(() => {});
  await started.mesh?.stop().catch((error: unknown) => say(`stopping the services failed: ${String(error)}`));
  await Promise.all([started.nats?.stop(), started.redis?.stop()]).catch((error: unknown) =>
    say(`stopping a server failed: ${String(error)}`),
  );
  say("stopped");
  process.exit(exitCode);
}

// One Ctrl-C can arrive twice: from the terminal and relayed by the tsx CLI. Only a signal well
// after the first means "stop waiting".
const REPEAT_WINDOW_MS = 2_000;
let firstSignalAt = 0;

function onSignal(signal: NodeJS.Signals): void {
  if (!stopping) {
    firstSignalAt = Date.now();
    void stopEverything(0);
  } else if (Date.now() - firstSignalAt > REPEAT_WINDOW_MS) {
    // The exit hook of libs/local-mesh kills whatever is left.
    say(`${signal} again: killing what is left`);
    process.exit(130);
  }
}

async function infrastructure(): Promise<{ redisUrl: string; natsUrl: string }> {
  const redisUrl = process.env.REDIS_URL;
  const natsUrl = process.env.NATS_URL;
  if (redisUrl === undefined) {
    mkdirSync(join(STATE_DIR, "redis"), { recursive: true, mode: 0o700 });
    started.redis = await startRedisServer({ dataDir: join(STATE_DIR, "redis"), appendOnly: true });
    say(`started redis-server on ${started.redis.url} (data in .usual/redis)`);
  }
  if (natsUrl === undefined) {
    mkdirSync(join(STATE_DIR, "nats"), { recursive: true, mode: 0o700 });
    started.nats = await startNatsServer({ dataDir: join(STATE_DIR, "nats") });
    say(`started nats-server with JetStream on ${started.nats.url} (data in .usual/nats)`);
  }
  return { redisUrl: redisUrl ?? started.redis?.url ?? "", natsUrl: natsUrl ?? started.nats?.url ?? "" };
}

/** USUAL_SERVICES=identity,consent,presence starts only those; all six unless set. */
function chosenServices(): ServiceName[] {
  const text = process.env.USUAL_SERVICES;
  if (!text) return [...SERVICE_NAMES];
  const names = text.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(SERVICE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`USUAL_SERVICES names unknown services (${unknown.join(", ")}); known: ${SERVICE_NAMES.join(", ")}`);
  return names as ServiceName[];
}

async function identitySecrets(): Promise<Record<string, string>> {
  const { IDENTITY_MASTER_KEYS, IDENTITY_PSEUDONYM_SECRET, IDENTITY_OPERATOR_CREDENTIAL, IDENTITY_TOKEN_KEYS } = process.env;
  if (IDENTITY_MASTER_KEYS && IDENTITY_PSEUDONYM_SECRET && IDENTITY_OPERATOR_CREDENTIAL) {
    say("using identity secrets from the environment");
    return {
      IDENTITY_MASTER_KEYS,
      IDENTITY_PSEUDONYM_SECRET,
      IDENTITY_OPERATOR_CREDENTIAL,
      ...(IDENTITY_TOKEN_KEYS ? { IDENTITY_TOKEN_KEYS } : {}),
    };
  }
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  const { secrets, created } = await loadOrCreateSecrets(join(STATE_DIR, "secrets.env"));
  say(
    created ? "generated identity secrets in .usual/secrets.env (mode 0600)" : "using identity secrets from .usual/secrets.env",
  );
  return { ...secrets };
}

function printAddresses(mesh: RunningMesh<ServiceName>, urls: { redisUrl: string; natsUrl: string }): void {
  const rows: [string, string][] = [
    ...Object.entries(mesh.addresses).map(([name, address]): [string, string] => [name, `grpc ${address}`]),
    ...(mesh.gatewayHttpUrl ? [["gateway", `http ${mesh.gatewayHttpUrl}`] as [string, string]] : []),
    ["redis", urls.redisUrl],
    ["nats", urls.natsUrl],
  ];
  say(paint("every service reports SERVING:", 1, colour));
  for (const [name, address] of rows) say(`  ${name.padEnd(16)}${address}`);
}

/** A display link for a store: a display token from the gateway, carried in the URL fragment. */
async function displayUrlOf(gatewayUrl: string, storeId: string, storeCredential: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/v1/stores/${storeId}/display-tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${storeCredential}`, "content-type": "application/json" },
    body: "{}",
  });
  if (response.status !== 201) throw new Error(`the gateway refused a display token for ${storeId}: ${response.status}`);
  const { displayPath } = (await response.json()) as { displayPath: string };
  return `${gatewayUrl}${displayPath}`;
}

async function main(): Promise<void> {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, onSignal);
  const services = chosenServices();
  const urls = await infrastructure();
  const extraEnv = {
    ...(await identitySecrets()),
    ...(await loadOrCreateConsentSecrets(join(STATE_DIR, "consent-secrets.env"))),
  };
  say(`starting ${services.join(", ")}…`);
  const starting = startMesh<ServiceName>({
    ...urls,
    services,
    logLevel: process.env.LOG_LEVEL ?? "info",
    extraEnv,
    onLogLine: (name, line) => printLine(name, line),
    signal: startup.signal,
  });
  meshStarting = starting;
  const mesh = await starting;
  started.mesh = mesh;
  printAddresses(mesh, urls);
  const print = (line: string) => printLine("demo", line);
  const { identity, consent, presence } = mesh.addresses as Partial<Record<ServiceName, string>>;
  try {
    if (!identity || !consent || !presence) throw new Error("the demo needs identity, consent and presence");
    const addresses = { identity, consent, presence };
    const displayUrls: string[] = [];
    const outcome = await runDemo({
      addresses,
      natsUrl: urls.natsUrl,
      operatorCredential: mesh.operatorCredential,
      print,
      signal: startup.signal,
      onStoreRegistered: async (store) => {
        if (!mesh.gatewayHttpUrl) return;
        const url = await displayUrlOf(mesh.gatewayHttpUrl, store.storeId, store.storeCredential);
        displayUrls.push(url);
        say(paint(`counter display of ${store.storeId} (open it to watch the demo): ${url}`, 1, colour));
      },
    });
    for (const line of whereToLookNext({
      ...outcome,
      natsUrl: urls.natsUrl,
      addresses: mesh.addresses,
      gatewayHttpUrl: mesh.gatewayHttpUrl,
    })) {
      print(line);
    }
    for (const url of displayUrls) say(`counter display: ${url}`);
    if (mesh.gatewayHttpUrl) {
      const centre = `${mesh.gatewayHttpUrl}/centre/?brand=${encodeURIComponent(outcome.brandId)}`;
      say(paint(`consent centre (register, join, choose what ${outcome.brandId} may know): ${centre}`, 1, colour));
    }
  } catch (error) {
    if (stopping) return;
    print(`the demo failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  say("the mesh keeps running; Ctrl-C stops it");
}

main().catch(async (error: unknown) => {
  if (stopping) return;
  process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  await stopEverything(1);
});
