// Reads the field violations a usual service attaches to INVALID_ARGUMENT: a google.rpc.Status in
// the `grpc-status-details-bin` trailer carrying buf.validate.Violations (libs/grpc/src/status.ts
// writes it). Decoded by hand for the same reason it is written by hand: google/rpc/status.proto
// is not compiled here. It has three fields: code = 1, message = 2, details = 3 (Any: 1 type_url, 2 value).
import { fromBinary } from "@bufbuild/protobuf";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { ViolationsSchema } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import type { ServiceError } from "@grpc/grpc-js";

const VIOLATIONS_TYPE_URL = `type.googleapis.com/${ViolationsSchema.typeName}`;

export type Violation = { readonly field: string; readonly message: string };

function anyPayloads(status: Uint8Array): { typeUrl: string; value: Uint8Array }[] {
  const payloads: { typeUrl: string; value: Uint8Array }[] = [];
  const reader = new BinaryReader(status);
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field !== 3 || wireType !== WireType.LengthDelimited) {
      reader.skip(wireType);
      continue;
    }
    const any = new BinaryReader(reader.bytes());
    let typeUrl = "";
    let value: Uint8Array = new Uint8Array();
    while (any.pos < any.len) {
      const [anyField, anyWire] = any.tag();
      if (anyField === 1) typeUrl = any.string();
      else if (anyField === 2) value = any.bytes();
      else any.skip(anyWire);
    }
    payloads.push({ typeUrl, value });
  }
  return payloads;
}

/** The violations in a gRPC error's status details; none when it carries none or they do not parse. */
export function violationsOf(error: ServiceError): Violation[] {
  const raw = error.metadata?.get("grpc-status-details-bin")[0];
  if (!(raw instanceof Buffer)) return [];
  try {
    return anyPayloads(raw)
      .filter((payload) => payload.typeUrl === VIOLATIONS_TYPE_URL)
      .flatMap((payload) =>
        fromBinary(ViolationsSchema, payload.value).violations.map((violation) => ({
          field: violation.field ? legacyPath(violation.field) : "",
          message: violation.message,
        })),
      );
  } catch {
    return [];
  }
}

/** libs/grpc writes each path element as a field name only ("batch", "sightings[0]", ...). */
function legacyPath(path: { readonly elements: readonly { readonly fieldName?: string }[] }): string {
  return path.elements.map((element) => element.fieldName ?? "").join(".");
}
