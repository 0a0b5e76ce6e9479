// The consent service's secrets for the local run, kept in .usual/consent-secrets.env so that a
// restart can still open the ledger data sealed before it and receipts keep verifying.
// Generated once, mode 0600. Variables set in the environment win.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CONSENT_SECRET_NAMES, type ConsentSecrets, generateConsentSecrets } from "#libs/local-mesh/src/index.js";

export async function loadOrCreateConsentSecrets(path: string, env = process.env): Promise<ConsentSecrets> {
  const fromEnv = Object.fromEntries(CONSENT_SECRET_NAMES.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
  if (Object.keys(fromEnv).length === CONSENT_SECRET_NAMES.length) return fromEnv as ConsentSecrets;
  try {
    const values = new Map<string, string>();
    for (const line of (await readFile(path, "utf8")).split("\n")) {
      const match = /^\s*([A-Z_]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (match?.[1] && match[2]) values.set(match[1], match[2]);
    }
    const missing = CONSENT_SECRET_NAMES.filter((name) => !values.get(name));
    if (missing.length > 0) throw new Error(`${path} lacks ${missing.join(" and ")}; delete the file to generate new secrets`);
    return Object.fromEntries(CONSENT_SECRET_NAMES.map((name) => [name, values.get(name)])) as ConsentSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secrets = generateConsentSecrets();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const text = [
    "# usual local run: the consent service's secrets, generated once. Keep them private.",
    "# Deleting this file makes the ledger data of the local run unreadable and its receipts unverifiable.",
    ...CONSENT_SECRET_NAMES.map((name) => `${name}=${secrets[name]}`),
    "",
  ].join("\n");
  await writeFile(path, text, { mode: 0o600, flag: "wx" });
  return secrets;
}
