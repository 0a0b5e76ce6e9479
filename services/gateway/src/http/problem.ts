// The one module that turns errors into RFC 9457 problem+json, including the one table from
// gRPC status codes to HTTP statuses. Unknown errors become 500 "internal error"; their cause
// goes to the log, never to the caller.
import { STATUS_CODES } from "node:http";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { ValidateError } from "@tsoa/runtime";
import { InvalidArgumentError } from "#libs/errors/src/index.js";
import { codeOfError } from "#libs/grpc/src/index.js";
import { violationsOf } from "./status-details.js";

export type FieldProblem = { readonly field: string; readonly message: string };

/** What a caller receives, as `application/problem+json`. */
export type Problem = {
  /** `about:blank`: the title is the HTTP status phrase. */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Present when input was refused: each offending field and why. */
  errors?: FieldProblem[];
};

export type MappedProblem = {
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
  /** False for errors nobody anticipated: log their cause. */
  readonly known: boolean;
};

/** An HTTP-level refusal raised by the gateway itself (wrong media type, no route, too many requests). */
export class HttpProblemError extends Error {
  override name = "HttpProblemError";
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly errors: readonly FieldProblem[] = [],
  ) {
    super(message);
  }
}

/**
 * A failed call to a usual service. `fieldPath` turns the service's field paths (proto names,
 * e.g. "batch.sightings[0].rolling_id") into the request's (e.g. "sightings[0].rollingId").
 */
export class ServiceCallError extends Error {
  override name = "ServiceCallError";
  constructor(
    readonly grpc: ServiceError,
    readonly fieldPath: (protoPath: string) => string = camelPath,
  ) {
    super(grpc.details, { cause: grpc });
  }
}

const HTTP_BY_GRPC: Readonly<Record<number, number>> = {
  [GrpcStatus.CANCELLED]: 499,
  [GrpcStatus.UNKNOWN]: 500,
  [GrpcStatus.INVALID_ARGUMENT]: 400,
  [GrpcStatus.DEADLINE_EXCEEDED]: 504,
  [GrpcStatus.NOT_FOUND]: 404,
  [GrpcStatus.ALREADY_EXISTS]: 409,
  [GrpcStatus.PERMISSION_DENIED]: 403,
  [GrpcStatus.RESOURCE_EXHAUSTED]: 429,
  [GrpcStatus.FAILED_PRECONDITION]: 400,
  [GrpcStatus.ABORTED]: 409,
  [GrpcStatus.OUT_OF_RANGE]: 400,
  [GrpcStatus.UNIMPLEMENTED]: 501,
  [GrpcStatus.INTERNAL]: 500,
  [GrpcStatus.UNAVAILABLE]: 503,
  [GrpcStatus.DATA_LOSS]: 500,
  [GrpcStatus.UNAUTHENTICATED]: 401,
};

/** "batch.sightings[0].rolling_id" -> "batch.sightings[0].rollingId". */
export function camelPath(protoPath: string): string {
  return protoPath.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** tsoa names fields "body.sightings" or "sightings.$0.rollingId"; callers see "sightings[0].rollingId". */
function tsoaPath(path: string): string {
  return path.replace(/^body\./, "").replace(/\.\$(\d+)/g, "[$1]");
}

/** tsoa explains a string union as every member's failure; say which values are taken instead. */
function tsoaMessage(message: string): string {
  if (!message.startsWith("Could not match the union")) return message;
  const values = [...message.matchAll(/\['([^']*)'\]/g)].map((match) => match[1]);
  return values.length > 0 ? `must be one of ${values.join(", ")}` : "does not match any of the accepted forms";
}

function problemOf(status: number, detail: string, errors: readonly FieldProblem[] = []): Problem {
  const problem: Problem = { type: "about:blank", title: STATUS_CODES[status] ?? "Error", status, detail };
  if (errors.length > 0) problem.errors = [...errors];
  return problem;
}

const CHALLENGE = { "www-authenticate": 'Bearer realm="usual"' };

function fromGrpcCode(code: number, message: string, errors: readonly FieldProblem[]): MappedProblem {
  const status = HTTP_BY_GRPC[code] ?? 500;
  if (status >= 500 && code !== GrpcStatus.UNAVAILABLE && code !== GrpcStatus.DEADLINE_EXCEEDED) {
    return { problem: problemOf(500, "internal error"), headers: {}, known: false };
  }
  const detail =
    code === GrpcStatus.UNAVAILABLE || code === GrpcStatus.DEADLINE_EXCEEDED
      ? "a service behind the gateway did not answer in time; try again shortly"
      : message;
  const headers: Record<string, string> = status === 401 ? CHALLENGE : status === 503 ? { "retry-after": "1" } : {};
  return { problem: problemOf(status, detail, errors), headers, known: true };
}

/** Errors raised by body-parser (express.json). */
function fromBodyParser(error: Error & { type?: string; status?: number; limit?: number }): MappedProblem | undefined {
  switch (error.type) {
    case "entity.parse.failed":
      return { problem: problemOf(400, `request body is not valid JSON: ${error.message}`), headers: {}, known: true };
    case "entity.too.large":
      return {
        problem: problemOf(413, `request body is larger than the ${error.limit ?? "allowed"} bytes taken`),
        headers: {},
        known: true,
      };
    case "encoding.unsupported":
    case "charset.unsupported":
      return { problem: problemOf(415, error.message), headers: {}, known: true };
    case "request.aborted":
      return { problem: problemOf(400, "request body was cut short"), headers: {}, known: true };
    default:
      return undefined;
  }
}

export function problemFromError(error: unknown): MappedProblem {
  if (error instanceof HttpProblemError) {
    return {
      problem: problemOf(error.status, error.message, error.errors),
      headers: error.status === 401 ? { ...CHALLENGE, ...error.headers } : error.headers,
      known: true,
    };
  }
  if (error instanceof ValidateError) {
    const errors = Object.entries(error.fields).map(([field, { message }]) => ({
      field: tsoaPath(field),
      message: tsoaMessage(message),
    }));
    const detail = errors.map((entry) => `${entry.field}: ${entry.message}`).join("; ");
    return { problem: problemOf(400, `invalid request: ${detail}`, errors), headers: {}, known: true };
  }
  if (error instanceof ServiceCallError) {
    const errors = violationsOf(error.grpc).map((violation) => ({
      field: error.fieldPath(violation.field),
      message: violation.message,
    }));
    return fromGrpcCode(error.grpc.code, error.grpc.details, errors);
  }
  if (error instanceof Error) {
    const code = codeOfError(error);
    if (code !== undefined) {
      const errors =
        error instanceof InvalidArgumentError
          ? error.violations.map((violation) => ({ field: violation.field, message: violation.description }))
          : [];
      return fromGrpcCode(code, error.message, errors);
    }
    const parsing = fromBodyParser(error);
    if (parsing) return parsing;
    // Other client errors express raises itself (http-errors marks them safe to show), e.g. a path
    // that is not valid percent-encoding.
    const { status, expose } = error as Error & { status?: unknown; expose?: unknown };
    if (typeof status === "number" && status >= 400 && status < 500 && expose === true) {
      return { problem: problemOf(status, error.message), headers: {}, known: true };
    }
    if (error instanceof URIError) {
      return { problem: problemOf(400, "the path is not valid percent-encoding"), headers: {}, known: true };
    }
  }
  return { problem: problemOf(500, "internal error"), headers: {}, known: false };
}

export function problemFor(status: number, detail: string): Problem {
  return problemOf(status, detail);
}
