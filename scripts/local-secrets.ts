// The identity service's secrets for the local run, kept in .usual/secrets.env so that a
// restart keeps paired devices' keys, brand pseudonyms and signed-in apps valid. Generated once,
// mode 0600; a secret added in a later version (the token-signing key) is appended when missing.
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { generateIdentitySecrets, generateTokenKey, type IdentitySecrets } from "#libs/local-mesh/src/index.js";

const NAMES = ["IDENTITY_MASTER_KEYS", "IDENTITY_PSEUDONYM_SECRET", "IDENTITY_OPERATOR_CREDENTIAL"] as const;
/** Secrets that can be made up later without invalidating anything already kept. */
const ADDABLE = { IDENTITY_TOKEN_KEYS: () => generateTokenKey() } as const;

export class LocalSecretsError extends Error {
  override name = "LocalSecretsError";
}

function parse(path: string, text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^\s*([A-Z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) values.set(match[1], match[2]);
  }
  const missing = NAMES.filter((name) => !values.get(name));
  if (missing.length > 0) {
    throw new LocalSecretsError(`${path} lacks ${missing.join(" and ")}; delete the file to generate new secrets`);
  }
  return values;
}

async function completed(path: string, values: Map<string, string>): Promise<IdentitySecrets> {
  for (const [name, generate] of Object.entries(ADDABLE)) {
    if (values.get(name)) continue;
    const value = generate();
    await appendFile(path, `${name}=${value}\n`, { mode: 0o600 });
    values.set(name, value);
  }
  return {
    IDENTITY_MASTER_KEYS: values.get("IDENTITY_MASTER_KEYS") ?? "",
    IDENTITY_PSEUDONYM_SECRET: values.get("IDENTITY_PSEUDONYM_SECRET") ?? "",
    IDENTITY_OPERATOR_CREDENTIAL: values.get("IDENTITY_OPERATOR_CREDENTIAL") ?? "",
    IDENTITY_TOKEN_KEYS: values.get("IDENTITY_TOKEN_KEYS") ?? "",
  };
}

/** Reads the secrets, or generates and writes them when the file does not exist yet. */
export async function loadOrCreateSecrets(path: string): Promise<{ secrets: IdentitySecrets; created: boolean }> {
  try {
    return { secrets: await completed(path, parse(path, await readFile(path, "utf8"))), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secrets = generateIdentitySecrets();
  const text = [
    "# usual local run: the identity service's secrets, generated once. Keep them private.",
    "# Deleting this file invalidates every device paired in the local run.",
    ...[...NAMES, ...Object.keys(ADDABLE)].map((name) => `${name}=${secrets[name as keyof IdentitySecrets]}`),
    "",
  ].join("\n");
  await writeFile(path, text, { mode: 0o600, flag: "wx" });
  return { secrets, created: true };
}
