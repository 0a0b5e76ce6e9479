export { connectNats } from "./connection.js";
export {
  type Delivery,
  encode,
  NatsRequestError,
  publishMessage,
  requestMessage,
  serveRequests,
  subscribeMessages,
  traceContextOf,
  tracedHeaders,
} from "./messages.js";
export {
  consentChangesStream,
  consentLedgerStream,
  consumeDurably,
  customerErasuresStream,
  type DurableConsumerOptions,
  ensureStream,
  presenceEventsStream,
  staffFeedbackStream,
} from "./streams.js";
export { kvBuckets, queues, streams, subjects } from "./subjects.js";
