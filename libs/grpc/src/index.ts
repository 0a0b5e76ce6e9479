export { type BidiCall, type CallOptions, createServiceClient, type ServiceClient } from "./client.js";
export {
  type CallContext,
  registration,
  type ServiceImpl,
  type ServiceRegistration,
  type StreamingCallContext,
} from "./handlers.js";
export { type GrpcServerOptions, type RunningGrpcServer, startGrpcServer } from "./server.js";
export { codeOfError, statusFromError } from "./status.js";
export { assertValid } from "./validation.js";
