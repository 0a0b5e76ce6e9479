// Staff feedback goes to recommendations through JetStream: published on the store's feedback
// subject and acknowledged only once STAFF_FEEDBACK has stored it, with the feedback id as
// Nats-Msg-Id so that a retried request is stored once.
import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import type { JetStreamClient } from "@nats-io/jetstream";
import { StaffFeedbackSchema } from "#gen/usual/recommendations/v1/feedback_pb.js";
import { UnavailableError } from "#libs/errors/src/index.js";
import { assertValid } from "#libs/grpc/src/index.js";
import { subjects, tracedHeaders } from "#libs/nats/src/index.js";

export type FeedbackPublisher = {
  /** Resolves once stored; `duplicate` when this feedback id was stored before. */
  publish(feedback: MessageInitShape<typeof StaffFeedbackSchema>): Promise<{ sequence: number; duplicate: boolean }>;
};

const PUBLISH_TIMEOUT_MS = 5_000;

export function createFeedbackPublisher(js: JetStreamClient): FeedbackPublisher {
  return {
    async publish(init) {
      const feedback = create(StaffFeedbackSchema, init);
      assertValid(StaffFeedbackSchema, feedback);
      try {
        const ack = await js.publish(
          subjects.staffFeedback(feedback.brandId, feedback.storeId),
          toBinary(StaffFeedbackSchema, feedback),
          {
            msgID: feedback.feedbackId,
            headers: tracedHeaders(),
            timeout: PUBLISH_TIMEOUT_MS,
          },
        );
        return { sequence: ack.seq, duplicate: ack.duplicate };
      } catch (error) {
        throw new UnavailableError("staff feedback could not be stored", { cause: error });
      }
    },
  };
}
