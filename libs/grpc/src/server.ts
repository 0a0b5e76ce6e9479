// Serves protobuf-es service descriptors on grpc-js with validation, error mapping, health,
// reflection and graceful shutdown.

import type { Readable } from "node:stream";
import type { DescMessage, DescMethod } from "@bufbuild/protobuf";
import { create } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import type { Logger } from "#libs/telemetry/src/index.js";
import type { CallContext, ServiceRegistration, StreamingCallContext } from "./handlers.js";
import { addReflection } from "./reflection.js";
import { grpcServiceDefinition } from "./service-definition.js";
import { statusFromError } from "./status.js";
import { assertValid } from "./validation.js";

export type GrpcServerOptions = {
  readonly host: string;
  readonly port: number;
  readonly services: readonly ServiceRegistration[];
  readonly logger: Logger;
};

export type RunningGrpcServer = {
  readonly port: number;
  /** Readiness as the grpc.health.v1 service reports it, for the whole server and each service. */
  setServing(serving: boolean): void;
  /** Stops taking calls, lets running ones finish for up to graceMs, then cuts them. */
  shutdown(graceMs: number): Promise<void>;
};

export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new grpc.Server({ "grpc.keepalive_permit_without_calls": 1 });
  const serviceNames = options.services.map((registration) => registration.service.typeName);
  const health = new HealthImplementation(Object.fromEntries(["", ...serviceNames].map((name) => [name, "NOT_SERVING"])));
  health.addToServer(server);
  addReflection(
    server,
    options.services.map((registration) => registration.service.file),
  );
  for (const registration of options.services) {
    // grpc-js refuses a service without methods; reflection and health still list it.
    if (registration.service.methods.length === 0) continue;
    server.addService(grpcServiceDefinition(registration.service), wrapHandlers(registration, options.logger));
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${options.host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return {
    port,
    setServing(serving) {
      for (const name of ["", ...serviceNames]) health.setStatus(name, serving ? "SERVING" : "NOT_SERVING");
    },
    shutdown: (graceMs) => shutdown(server, graceMs),
  };
}

function shutdown(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

type AnyCall = { readonly metadata: grpc.Metadata; on(event: "cancelled", listener: () => void): unknown };

function callContext(call: AnyCall): CallContext {
  const controller = new AbortController();
  call.on("cancelled", () => controller.abort(new Error("call cancelled or past its deadline")));
  const authorization = call.metadata.get("authorization")[0];
  const bearer =
    typeof authorization === "string" && authorization.startsWith("Bearer ") ? authorization.slice(7).trim() : undefined;
  return { metadata: call.metadata, signal: controller.signal, bearer };
}

function streamingContext<O extends DescMessage>(
  call: grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>,
  outputSchema: O,
): StreamingCallContext<O> {
  return {
    ...callContext(call),
    send(message) {
      if (call.write(create(outputSchema, message))) return Promise.resolve();
      return new Promise((resolve) => call.once("drain", resolve));
    },
  };
}

async function* validated(call: Readable, method: DescMethod, validate: boolean): AsyncIterable<unknown> {
  // Node destroys a stream whose async iteration ends, which for a gRPC duplex would also kill
  // the response side before the status is sent; keep it alive.
  for await (const message of call.iterator({ destroyOnReturn: false })) {
    if (validate) assertValid(method.input, message as never);
    yield message;
  }
}

function wrapHandlers(registration: ServiceRegistration, logger: Logger): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const method of registration.service.methods) {
    const handler = registration.impl[method.localName];
    if (!handler) throw new Error(`${registration.service.typeName} has no handler for ${method.name}`);
    const validateStream = !registration.handlerValidatesStreams?.includes(method.localName);
    const fail = (error: unknown) => {
      const mapped = statusFromError(error);
      if (!mapped.known) logger.error({ err: error, rpc: method.name }, "rpc failed");
      return { code: mapped.code, details: mapped.details, metadata: mapped.metadata };
    };
    switch (method.methodKind) {
      case "unary":
        implementation[method.localName] = (
          call: grpc.ServerUnaryCall<unknown, unknown>,
          callback: grpc.sendUnaryData<unknown>,
        ) => {
          Promise.resolve()
            .then(() => {
              assertValid(method.input, call.request as never);
              return handler(call.request, callContext(call));
            })
            .then(
              (response) => callback(null, create(method.output, response as never)),
              (error) => callback(fail(error)),
            );
        };
        break;
      case "server_streaming":
        implementation[method.localName] = (call: grpc.ServerWritableStream<unknown, unknown>) => {
          Promise.resolve()
            .then(() => {
              assertValid(method.input, call.request as never);
              return handler(call.request, streamingContext(call, method.output));
            })
            .then(
              () => call.end(),
              (error) => call.emit("error", fail(error)),
            );
        };
        break;
      case "client_streaming":
        implementation[method.localName] = (
          call: grpc.ServerReadableStream<unknown, unknown>,
          callback: grpc.sendUnaryData<unknown>,
        ) => {
          handler(validated(call, method, validateStream), callContext(call)).then(
            (response) => callback(null, create(method.output, response as never)),
            (error) => callback(fail(error)),
          );
        };
        break;
      case "bidi_streaming":
        implementation[method.localName] = (call: grpc.ServerDuplexStream<unknown, unknown>) => {
          handler(validated(call, method, validateStream), streamingContext(call, method.output)).then(
            () => call.end(),
            (error) => call.emit("error", fail(error)),
          );
        };
        break;
    }
  }
  return implementation;
}
