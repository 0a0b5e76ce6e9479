// Finds the server binaries. Debian puts nats-server in /usr/sbin, which is not on every
// user's PATH, so the sbin directories are searched after PATH.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { BinaryNotFoundError } from "./errors.js";

const SBIN_DIRECTORIES = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

const INSTALL_HINTS: Record<string, string> = {
  "redis-server": "apt-get install redis-server",
  "nats-server": "apt-get install nats-server",
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findBinary(name: string, pathVariable = process.env.PATH ?? ""): string {
  const directories = [...pathVariable.split(delimiter).filter(Boolean), ...SBIN_DIRECTORIES];
  for (const directory of directories) {
    const candidate = join(directory, name);
    if (isExecutable(candidate)) return candidate;
  }
  const hint = INSTALL_HINTS[name] ?? `install ${name}`;
  throw new BinaryNotFoundError(
    `${name} was not found on PATH or in ${SBIN_DIRECTORIES.join(", ")}; on Debian/Ubuntu install it with: ${hint}`,
  );
}
