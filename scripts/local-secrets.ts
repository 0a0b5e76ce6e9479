// The identity service's secrets for the local run, kept in .usual/secrets.env so that a
// restart keeps paired devices' keys and brand pseudonyms valid. Generated once, mode 0600.
import { readFile, writeFile } from "node:fs/promises";
import { generateIdentitySecrets, type IdentitySecrets } from "#libs/local-mesh/src/index.js";

const NAMES = ["IDENTITY_MASTER_KEYS", "IDENTITY_PSEUDONYM_SECRET", "IDENTITY_OPERATOR_CREDENTIAL"] as const;

export class LocalSecretsError extends Error {
  override name = "LocalSecretsError";
}

function parse(path: string, text: string): IdentitySecrets {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^\s*([A-Z_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) values.set(match[1], match[2]);
  }
  const missing = NAMES.filter((name) => !values.get(name));
  if (missing.length > 0) {
    throw new LocalSecretsError(`${path} lacks ${missing.join(" and ")}; delete the file to generate new secrets`);
  }
  return {
    IDENTITY_MASTER_KEYS: values.get(NAMES[0]) ?? "",
    IDENTITY_PSEUDONYM_SECRET: values.get(NAMES[1]) ?? "",
    IDENTITY_OPERATOR_CREDENTIAL: values.get(NAMES[2]) ?? "",
  };
}

/** Reads the secrets, or generates and writes them when the file does not exist yet. */
export async function loadOrCreateSecrets(path: string): Promise<{ secrets: IdentitySecrets; created: boolean }> {
  try {
    return { secrets: parse(path, await readFile(path, "utf8")), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secrets = generateIdentitySecrets();
  const text = [
    "# usual local run: the identity service's secrets, generated once. Keep them private.",
    "# Deleting this file invalidates every device paired in the local run.",
    ...NAMES.map((name) => `${name}=${secrets[name]}`),
    "",
  ].join("\n");
  await writeFile(path, text, { mode: 0o600, flag: "wx" });
  return { secrets, created: true };
}
