// gRPC server reflection (v1, and v1alpha on the same handler: the messages are identical on
// the wire). Files are served as the exact descriptor bytes protoc produced, so custom options
// such as protovalidate rules reach the client intact.
import { create, type DescFile, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type * as grpc from "@grpc/grpc-js";
import {
  file_grpc_reflection_v1_reflection,
  ServerReflection,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
  ServerReflectionResponseSchema,
} from "#gen/grpc/reflection/v1/reflection_pb.js";
import { file_health_v1_health } from "#gen/health/v1/health_pb.js";
import { grpcServiceDefinition } from "./service-definition.js";

const NOT_FOUND = 5;

class DescriptorIndex {
  private readonly files = new Map<string, DescFile>();
  private readonly fileBySymbol = new Map<string, DescFile>();
  readonly serviceNames: string[] = [];

  constructor(roots: readonly DescFile[]) {
    for (const file of roots) this.add(file);
    for (const file of roots) for (const service of file.services) this.serviceNames.push(service.typeName);
  }

  private add(file: DescFile): void {
    if (this.files.has(file.name)) return;
    this.files.set(file.name, file);
    for (const dependency of file.dependencies) this.add(dependency);
    for (const type of nestedTypes(file)) {
      this.fileBySymbol.set(type.typeName, file);
      if (type.kind === "service") {
        for (const method of type.methods) this.fileBySymbol.set(`${type.typeName}.${method.name}`, file);
      }
    }
  }

  /** The file and everything it imports, as serialized FileDescriptorProtos. */
  closure(file: DescFile): Uint8Array[] {
    const seen = new Map<string, DescFile>();
    const visit = (current: DescFile) => {
      if (seen.has(current.name)) return;
      seen.set(current.name, current);
      for (const dependency of current.dependencies) visit(dependency);
    };
    visit(file);
    return [...seen.values()].map((entry) => toBinary(FileDescriptorProtoSchema, create(FileDescriptorProtoSchema, entry.proto)));
  }

  byName(name: string): DescFile | undefined {
    return this.files.get(name);
  }

  bySymbol(symbol: string): DescFile | undefined {
    return this.fileBySymbol.get(symbol.replace(/^\./, ""));
  }
}

function answer(
  index: DescriptorIndex,
  request: ServerReflectionRequest,
): MessageInitShape<typeof ServerReflectionResponseSchema>["messageResponse"] {
  const notFound = (what: string) => ({
    case: "errorResponse" as const,
    value: { errorCode: NOT_FOUND, errorMessage: `${what} not found` },
  });
  const files = (file: DescFile | undefined, what: string) =>
    file ? { case: "fileDescriptorResponse" as const, value: { fileDescriptorProto: index.closure(file) } } : notFound(what);
  const message = request.messageRequest;
  switch (message.case) {
    case "listServices":
      return { case: "listServicesResponse", value: { service: index.serviceNames.map((name) => ({ name })) } };
    case "fileByFilename":
      return files(index.byName(message.value), `file ${message.value}`);
    case "fileContainingSymbol":
      return files(index.bySymbol(message.value), `symbol ${message.value}`);
    case "fileContainingExtension":
      return notFound(`extension ${message.value.containingType}.${message.value.extensionNumber}`);
    case "allExtensionNumbersOfType":
      return notFound(`extensions of ${message.value}`);
    default:
      return { case: "errorResponse", value: { errorCode: 3, errorMessage: "empty reflection request" } };
  }
}

export function addReflection(server: grpc.Server, files: readonly DescFile[]): void {
  const index = new DescriptorIndex([...files, file_health_v1_health, file_grpc_reflection_v1_reflection]);
  const handler = (call: grpc.ServerDuplexStream<ServerReflectionRequest, ServerReflectionResponse>) => {
    call.on("data", (request: ServerReflectionRequest) => {
      call.write(
        create(ServerReflectionResponseSchema, {
          validHost: request.host,
          originalRequest: request,
          messageResponse: answer(index, request),
        }),
      );
    });
    call.on("end", () => call.end());
  };
  const v1 = grpcServiceDefinition(ServerReflection);
  server.addService(v1, { serverReflectionInfo: handler });
  const v1alpha = Object.fromEntries(
    Object.entries(v1).map(([name, method]) => [
      name,
      { ...method, path: method.path.replace("grpc.reflection.v1.", "grpc.reflection.v1alpha.") },
    ]),
  );
  server.addService(v1alpha, { serverReflectionInfo: handler });
}
