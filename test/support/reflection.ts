// A reflection client, as grpcurl or Postman would use it.
import { fromBinary } from "@bufbuild/protobuf";
import { type FileDescriptorProto, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { ServerReflection } from "#gen/grpc/reflection/v1/reflection_pb.js";
import { createServiceClient } from "#libs/grpc/src/index.js";

export async function listServices(address: string): Promise<string[]> {
  const client = createServiceClient(ServerReflection, address);
  try {
    const call = client.serverReflectionInfo({ timeoutMs: 5_000 });
    await call.send({ messageRequest: { case: "listServices", value: "" } });
    call.end();
    for await (const response of call.responses) {
      if (response.messageResponse.case === "listServicesResponse") {
        return response.messageResponse.value.service.map((service) => service.name).sort();
      }
    }
    throw new Error("no list_services response");
  } finally {
    client.close();
  }
}

export async function fileContainingSymbol(address: string, symbol: string): Promise<FileDescriptorProto[]> {
  const client = createServiceClient(ServerReflection, address);
  try {
    const call = client.serverReflectionInfo({ timeoutMs: 5_000 });
    await call.send({ messageRequest: { case: "fileContainingSymbol", value: symbol } });
    call.end();
    for await (const response of call.responses) {
      if (response.messageResponse.case === "fileDescriptorResponse") {
        return response.messageResponse.value.fileDescriptorProto.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
      }
      if (response.messageResponse.case === "errorResponse") throw new Error(response.messageResponse.value.errorMessage);
    }
    throw new Error("no file_descriptor response");
  } finally {
    client.close();
  }
}
