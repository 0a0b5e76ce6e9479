// Real Redis, NATS and usual's services on free loopback ports: the one surface the test
// helpers, `npm start` and the benchmarks use.
export type { ExitStatus } from "./child.js";
export { CONSENT_SECRET_NAMES, type ConsentSecrets, generateConsentSecrets } from "./consent-secrets.js";
export { BinaryNotFoundError, MeshStartError, ServerStartError } from "./errors.js";
export { createHealthProbe, type HealthProbe } from "./health.js";
export { generateIdentitySecrets, generateTokenKey, type IdentitySecrets } from "./identity-secrets.js";
export { freePort, freePorts } from "./ports.js";
export {
  type RedisServerOptions,
  type RunningServer,
  type ServerOptions,
  startNatsServer,
  startRedisServer,
} from "./servers.js";
export { type MeshOptions, type RunningMesh, SERVICE_NAMES, type ServiceName, startMesh } from "./services.js";
