import assert from "node:assert/strict";
import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { ValidateError } from "@tsoa/runtime";
import { InvalidArgumentError, PermissionDeniedError, UnauthenticatedError } from "#libs/errors/src/index.js";
import { statusFromError } from "#libs/grpc/src/index.js";
import {
  camelPath,
  HttpProblemError,
  problemFromError,
  ServiceCallError,
} from "../../../../services/gateway/src/http/problem.js";

function serviceError(code: status, details: string, metadata = new Metadata()): ServiceError {
  return Object.assign(new Error(details), { code, details, metadata });
}

describe("gateway - problem+json mapping", () => {
  it("gateway - carries a service's field violations to the request's field names", () => {
    // What presence sends for a bad batch, encoded by the same module every service uses.
    const mapped = statusFromError(
      new InvalidArgumentError("invalid batch", [
        { field: "batch.sightings[2].rolling_id", description: "value length must be 16 bytes" },
      ]),
    );
    const error = new ServiceCallError(serviceError(mapped.code, mapped.details, mapped.metadata), (path) =>
      camelPath(path.replace(/^batch\./, "")),
    );
    const { problem, known } = problemFromError(error);
    assert.equal(known, true);
    assert.equal(problem.status, 400);
    assert.deepEqual(problem.errors, [{ field: "sightings[2].rollingId", message: "value length must be 16 bytes" }]);
  });

  it("gateway - maps gRPC codes to HTTP statuses and hides internal detail", () => {
    const cases: [status, number][] = [
      [status.INVALID_ARGUMENT, 400],
      [status.UNAUTHENTICATED, 401],
      [status.PERMISSION_DENIED, 403],
      [status.NOT_FOUND, 404],
      [status.ALREADY_EXISTS, 409],
      [status.FAILED_PRECONDITION, 400],
      [status.RESOURCE_EXHAUSTED, 429],
      [status.UNAVAILABLE, 503],
      [status.DEADLINE_EXCEEDED, 504],
      [status.INTERNAL, 500],
    ];
    for (const [code, http] of cases) {
      const { problem } = problemFromError(new ServiceCallError(serviceError(code, "secret detail from a stack")));
      assert.equal(problem.status, http, `gRPC ${status[code]}`);
      if (http >= 500) assert.doesNotMatch(problem.detail, /secret detail/);
    }
    const unauthenticated = problemFromError(new ServiceCallError(serviceError(status.UNAUTHENTICATED, "no")));
    assert.match(unauthenticated.headers["www-authenticate"] ?? "", /^Bearer/);
  });

  it("gateway - names tsoa's fields as the body has them and lists a union's values", () => {
    const { problem } = problemFromError(
      new ValidateError(
        {
          "body.sightings": { message: "must hold at least one sighting" },
          "sightings.$3.rssi": { message: "must be a whole number of dBm" },
          "body.kind": { message: "Could not match the union against any of the items. Issues: [['a']] [['b']]" },
        },
        "",
      ),
    );
    assert.deepEqual(problem.errors, [
      { field: "sightings", message: "must hold at least one sighting" },
      { field: "sightings[3].rssi", message: "must be a whole number of dBm" },
      { field: "kind", message: "must be one of a, b" },
    ]);
  });

  it("gateway - named errors and the gateway's own refusals keep their message; anything else is a bare 500", () => {
    assert.equal(problemFromError(new PermissionDeniedError("not your store")).problem.detail, "not your store");
    assert.equal(problemFromError(new UnauthenticatedError("expired")).problem.status, 401);
    const tooMany = problemFromError(new HttpProblemError(429, "slow down", { "retry-after": "7" }));
    assert.deepEqual([tooMany.problem.status, tooMany.headers["retry-after"]], [429, "7"]);
    const badPath = problemFromError(Object.assign(new URIError("Failed to decode param '%E0%A4%A'"), { status: 400 }));
    assert.deepEqual([badPath.problem.status, badPath.problem.detail], [400, "the path is not valid percent-encoding"]);
    const unknown = problemFromError(new TypeError("x is undefined at /srv/app.ts:12"));
    assert.deepEqual([unknown.problem.status, unknown.problem.detail, unknown.known], [500, "internal error", false]);
  });
});
