// The named errors domain code throws. Exactly one module maps them to gRPC status codes
// (libs/grpc/src/status.ts); the `cause` is for logs and never reaches a caller.

export type FieldViolation = { readonly field: string; readonly description: string };

export class InvalidArgumentError extends Error {
  override name = "InvalidArgumentError";
  constructor(
    message: string,
    readonly violations: readonly FieldViolation[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  static forField(field: string, description: string): InvalidArgumentError {
    return new InvalidArgumentError(`${field}: ${description}`, [{ field, description }]);
  }
}

export class UnauthenticatedError extends Error {
  override name = "UnauthenticatedError";
}

export class PermissionDeniedError extends Error {
  override name = "PermissionDeniedError";
}

export class NotFoundError extends Error {
  override name = "NotFoundError";
}

export class AlreadyExistsError extends Error {
  override name = "AlreadyExistsError";
}

export class FailedPreconditionError extends Error {
  override name = "FailedPreconditionError";
}

export class ResourceExhaustedError extends Error {
  override name = "ResourceExhaustedError";
  /** When the caller may try again; sent as google.rpc.RetryInfo and a `retry-after` trailer. */
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, options?: ErrorOptions & { retryAfterSeconds?: number }) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** A dependency (Redis, NATS, another service) did not answer in time or at all. */
export class UnavailableError extends Error {
  override name = "UnavailableError";
}
