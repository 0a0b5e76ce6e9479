// What a platform team sees of a running mesh: six processes, each on its own port, each
// answering health checks and listing its API through reflection.
import assert from "node:assert/strict";
import { getExtension, hasExtension } from "@bufbuild/protobuf";
import { field as validateField } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { Health, HealthCheckResponse_ServingStatus } from "#gen/health/v1/health_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";
import { SERVICE_NAMES } from "#libs/local-mesh/src/index.js";
import { withMesh } from "../support/mesh.js";
import { fileContainingSymbol, listServices } from "../support/reflection.js";

const expectedServices: Record<(typeof SERVICE_NAMES)[number], string[]> = {
  identity: ["usual.identity.v1.IdentityService"],
  consent: ["usual.consent.v1.ConsentService"],
  presence: ["usual.presence.v1.PresenceService"],
  recommendations: ["usual.recommendations.v1.RecommendationsService"],
  notifications: ["usual.notifications.v1.NotificationsService"],
  gateway: [],
};

describe("e2e - mesh surface", function () {
  this.timeout(60_000);
  const running = withMesh();

  it("e2e - every service runs on its own port", () => {
    const ports = new Set(Object.values(running.mesh.addresses));
    assert.equal(ports.size, SERVICE_NAMES.length);
  });

  for (const name of SERVICE_NAMES) {
    it(`e2e - ${name} answers SERVING and lists its services plus grpc.health.v1 through reflection`, async () => {
      const address = running.mesh.addresses[name];
      const health = createServiceClient(Health, address);
      try {
        const overall = await health.check({ service: "" });
        assert.equal(overall.status, HealthCheckResponse_ServingStatus.SERVING);
        for (const service of expectedServices[name]) {
          assert.equal((await health.check({ service })).status, HealthCheckResponse_ServingStatus.SERVING);
        }
      } finally {
        health.close();
      }
      const listed = await listServices(address);
      for (const service of [...expectedServices[name], "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection"]) {
        assert.ok(listed.includes(service), `${name} should list ${service}, listed ${listed.join(", ")}`);
      }
    });
  }

  it("e2e - reflection serves the protovalidate rules as written, so clients see them", async () => {
    const files = await fileContainingSymbol(running.mesh.addresses.presence, "usual.presence.v1.PresenceService");
    const presenceFile = files.find((file) => file.name === "usual/presence/v1/presence.proto");
    assert.ok(presenceFile, "the presence file is served");
    assert.ok(
      files.some((file) => file.name === "buf/validate/validate.proto"),
      "with its imports",
    );
    const rollingId = presenceFile.messageType
      .find((message) => message.name === "Sighting")
      ?.field.find((f) => f.name === "rolling_id");
    assert.ok(rollingId?.options && hasExtension(rollingId.options, validateField), "rolling_id keeps its buf.validate option");
    const rules = getExtension(rollingId.options, validateField);
    assert.equal(rules.type.case, "bytes");
    assert.equal(rules.type.case === "bytes" ? rules.type.value.len : undefined, 16n);
  });

  it("e2e - the gateway answers liveness and readiness over HTTP", async () => {
    const base = running.mesh.gatewayHttpUrl;
    assert.ok(base);
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    const missing = await fetch(`${base}/nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get("content-type"), "application/problem+json");
  });
});
