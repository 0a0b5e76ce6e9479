// Asks a service over standard grpc.health.v1 whether it is SERVING.

import { Health, HealthCheckResponse_ServingStatus } from "#gen/health/v1/health_pb.js";
import { createServiceClient, type ServiceClient } from "#libs/grpc/src/index.js";

export type HealthProbe = {
  /** True when the whole server (service name "") reports SERVING; false when not, or unreachable. */
  isServing(): Promise<boolean>;
  close(): void;
};

const CHECK_TIMEOUT_MS = 1_000;

export function createHealthProbe(address: string): HealthProbe {
  // A process that is still starting refuses connections; retry quickly rather than back off for
  // seconds the way a long-lived channel would.
  const client: ServiceClient<typeof Health> = createServiceClient(Health, address, {
    "grpc.initial_reconnect_backoff_ms": 100,
    "grpc.max_reconnect_backoff_ms": 500,
  });
  return {
    async isServing() {
      try {
        const response = await client.check({ service: "" }, { timeoutMs: CHECK_TIMEOUT_MS });
        return response.status === HealthCheckResponse_ServingStatus.SERVING;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}
