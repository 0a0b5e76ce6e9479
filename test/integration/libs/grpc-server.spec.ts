import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { BinaryReader } from "@bufbuild/protobuf/wire";
import { ViolationsSchema } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { type ServiceError, status } from "@grpc/grpc-js";
import { pino } from "pino";
import { Health, HealthCheckResponse_ServingStatus } from "#gen/health/v1/health_pb.js";
import { PresenceService } from "#gen/usual/presence/v1/presence_pb.js";
import { PermissionDeniedError } from "#libs/errors/src/index.js";
import { createServiceClient, type RunningGrpcServer, registration, startGrpcServer } from "#libs/grpc/src/index.js";

const validBatch = {
  storeId: "pike",
  sightings: [{ rollingId: new Uint8Array(16), beaconId: "b", observedAt: { seconds: 1n } }],
};

describe("grpc - serving protobuf-es services", function () {
  this.timeout(20_000);
  let server: RunningGrpcServer;
  let client: ReturnType<typeof createServiceClient<typeof PresenceService>>;
  let aborted = false;
  const logged: string[] = [];

  before(async () => {
    const logger = pino({ level: "error" }, { write: (line: string) => logged.push(line) });
    server = await startGrpcServer({
      host: "127.0.0.1",
      port: 0,
      logger,
      services: [
        registration(PresenceService, {
          async reportSightings(request, call) {
            if (request.batch?.storeId === "secret") throw new Error("connection to db://admin:hunter2 failed");
            if (request.batch?.storeId === "denied") throw new PermissionDeniedError("not your store");
            if (request.batch?.storeId === "slow") {
              await new Promise((resolve) => call.signal.addEventListener("abort", resolve));
              aborted = true;
            }
            return { accepted: { sightingCount: request.batch?.sightings.length ?? 0 } };
          },
          async streamSightings() {},
          async watchPresence() {},
        }),
      ],
    });
    server.setServing(true);
    client = createServiceClient(PresenceService, `127.0.0.1:${server.port}`);
  });
  after(async () => {
    client.close();
    await server.shutdown(1_000);
  });

  const failure = async (call: Promise<unknown>): Promise<ServiceError> => {
    try {
      await call;
    } catch (error) {
      return error as ServiceError;
    }
    throw new Error("the call should have failed");
  };

  it("grpc - answers a valid request", async () => {
    const response = await client.reportSightings({ batch: validBatch });
    assert.equal(response.accepted?.sightingCount, 1);
  });

  it("grpc - rejects invalid input with INVALID_ARGUMENT and buf.validate violations in the status details", async () => {
    const error = await failure(client.reportSightings({ batch: { storeId: "Bad Store", sightings: [] } }));
    assert.equal(error.code, status.INVALID_ARGUMENT);
    assert.match(error.details, /batch\.store_id: /);
    assert.match(error.details, /batch\.sightings: /);
    const detailsBin = error.metadata.get("grpc-status-details-bin")[0];
    assert.ok(detailsBin instanceof Buffer);
    // google.rpc.Status: code = 1, message = 2, details = 3 (Any: type_url = 1, value = 2).
    const reader = new BinaryReader(detailsBin);
    let anyBytes: Uint8Array | undefined;
    while (reader.pos < reader.len) {
      const [fieldNo] = reader.tag();
      if (fieldNo === 3) anyBytes = reader.bytes();
      else reader.skip(fieldNo === 1 ? 0 : 2);
    }
    assert.ok(anyBytes);
    const any = new BinaryReader(anyBytes);
    any.tag();
    assert.equal(any.string(), "type.googleapis.com/buf.validate.Violations");
    any.tag();
    const violations = fromBinary(ViolationsSchema, any.bytes());
    assert.deepEqual(
      violations.violations.map((violation) => violation.field?.elements.map((element) => element.fieldName).join(".")).sort(),
      ["batch.sightings", "batch.store_id"],
    );
  });

  it("grpc - maps a named domain error to its status code with its message", async () => {
    const error = await failure(client.reportSightings({ batch: { ...validBatch, storeId: "denied" } }));
    assert.equal(error.code, status.PERMISSION_DENIED);
    assert.equal(error.details, "not your store");
  });

  it("grpc - turns an unknown error into INTERNAL without leaking its message, and logs the cause", async () => {
    const error = await failure(client.reportSightings({ batch: { ...validBatch, storeId: "secret" } }));
    assert.equal(error.code, status.INTERNAL);
    assert.equal(error.details, "internal error");
    assert.ok(logged.some((line) => line.includes("rpc failed")));
  });

  it("grpc - ends a call past its deadline and tells the handler to stop", async () => {
    const error = await failure(client.reportSightings({ batch: { ...validBatch, storeId: "slow" } }, { timeoutMs: 200 }));
    assert.equal(error.code, status.DEADLINE_EXCEEDED);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(aborted, true);
  });

  it("grpc - reports readiness through grpc.health.v1, overall and per service", async () => {
    const health = createServiceClient(Health, `127.0.0.1:${server.port}`);
    try {
      server.setServing(false);
      assert.equal((await health.check({ service: "" })).status, HealthCheckResponse_ServingStatus.NOT_SERVING);
      server.setServing(true);
      assert.equal((await health.check({ service: PresenceService.typeName })).status, HealthCheckResponse_ServingStatus.SERVING);
    } finally {
      health.close();
    }
  });
});
