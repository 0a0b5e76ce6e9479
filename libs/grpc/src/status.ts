// The one module that maps errors to gRPC status codes. Unknown errors become INTERNAL with a
// clean message; their cause is logged, never sent.
import { create, toBinary } from "@bufbuild/protobuf";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { FieldPathSchema, ViolationsSchema } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { Metadata, type StatusObject, status } from "@grpc/grpc-js";
import {
  AlreadyExistsError,
  FailedPreconditionError,
  type FieldViolation,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  UnavailableError,
} from "#libs/errors/src/index.js";

const codeByErrorName: ReadonlyMap<string, status> = new Map([
  [InvalidArgumentError.name, status.INVALID_ARGUMENT],
  [UnauthenticatedError.name, status.UNAUTHENTICATED],
  [PermissionDeniedError.name, status.PERMISSION_DENIED],
  [NotFoundError.name, status.NOT_FOUND],
  [AlreadyExistsError.name, status.ALREADY_EXISTS],
  [FailedPreconditionError.name, status.FAILED_PRECONDITION],
  [ResourceExhaustedError.name, status.RESOURCE_EXHAUSTED],
  [UnavailableError.name, status.UNAVAILABLE],
]);

/** The gRPC code of one of usual's named errors (libs/errors); undefined for any other error. */
export function codeOfError(error: unknown): status | undefined {
  return error instanceof Error ? codeByErrorName.get(error.constructor.name) : undefined;
}

export type MappedStatus = Pick<StatusObject, "code" | "details" | "metadata"> & { readonly known: boolean };

export function statusFromError(error: unknown): MappedStatus {
  const code = codeOfError(error);
  if (code === undefined || !(error instanceof Error)) {
    return { code: status.INTERNAL, details: "internal error", metadata: new Metadata(), known: false };
  }
  const metadata = new Metadata();
  if (error instanceof InvalidArgumentError && error.violations.length > 0) {
    metadata.set("grpc-status-details-bin", encodeStatusDetails(code, error.message, violationsDetail(error.violations)));
  }
  if (error instanceof ResourceExhaustedError && error.retryAfterSeconds !== undefined) {
    metadata.set("retry-after", String(error.retryAfterSeconds));
    metadata.set("grpc-status-details-bin", encodeStatusDetails(code, error.message, retryInfoDetail(error.retryAfterSeconds)));
  }
  return { code, details: error.message, metadata, known: true };
}

type AnyDetail = { readonly typeUrl: string; readonly value: Uint8Array };

/** buf.validate.Violations, the detail protovalidate clients read. */
function violationsDetail(violations: readonly FieldViolation[]): AnyDetail {
  const detail = create(ViolationsSchema, {
    violations: violations.map((violation) => ({
      field: create(FieldPathSchema, { elements: violation.field.split(".").map((fieldName) => ({ fieldName })) }),
      message: violation.description,
    })),
  });
  return { typeUrl: `type.googleapis.com/${ViolationsSchema.typeName}`, value: toBinary(ViolationsSchema, detail) };
}

/** google.rpc.RetryInfo { retry_delay = 1: google.protobuf.Duration { seconds = 1 } }, by hand like Status. */
function retryInfoDetail(seconds: number): AnyDetail {
  const writer = new BinaryWriter();
  writer.tag(1, 2).fork().tag(1, 0).int64(seconds).join();
  return { typeUrl: "type.googleapis.com/google.rpc.RetryInfo", value: writer.finish() };
}

/**
 * google.rpc.Status carrying one detail. Written by hand because google/rpc/status.proto is not
 * available to compile here; it is three fields: code = 1, message = 2, details = 3
 * (google.protobuf.Any: type_url = 1, value = 2).
 */
function encodeStatusDetails(code: number, message: string, detail: AnyDetail): Buffer {
  const writer = new BinaryWriter();
  writer.tag(1, 0).int32(code);
  writer.tag(2, 2).string(message);
  writer.tag(3, 2).fork();
  writer.tag(1, 2).string(detail.typeUrl);
  writer.tag(2, 2).bytes(detail.value);
  writer.join();
  return Buffer.from(writer.finish());
}
