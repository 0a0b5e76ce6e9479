// The failures of starting the local mesh, one class each, so callers can tell a missing
// binary (install it) from a server or service that would not come up (read its output).

/** A server binary is neither on PATH nor in the sbin directories Debian installs daemons to. */
export class BinaryNotFoundError extends Error {
  override name = "BinaryNotFoundError";
}

/** redis-server or nats-server exited or did not accept connections in time. */
export class ServerStartError extends Error {
  override name = "ServerStartError";
}

/** A service exited, or did not report SERVING over grpc.health.v1 in time. */
export class MeshStartError extends Error {
  override name = "MeshStartError";
}

/** The last lines of a child's output, indented under an error message. */
export function outputTail(lines: readonly string[], count = 20): string {
  const tail = lines.slice(-count);
  return tail.length === 0 ? "  (no output)" : tail.map((line) => `  ${line}`).join("\n");
}
