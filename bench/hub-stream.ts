// One store's beacon hub: its own connection to presence and one StreamSightings call under the
// store's credential. Sends never wait for acknowledgements (the load is open-loop); the
// acknowledgements are read on the side and counted.
import type { EventEmitter } from "node:events";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { PresenceService, type SightingSchema } from "#gen/usual/presence/v1/presence_pb.js";
import { createServiceClient, type ServiceClient } from "#libs/grpc/src/index.js";
import { nowMs } from "./clock.js";
import type { HubSpec } from "./messages.js";

export type SightingInit = MessageInitShape<typeof SightingSchema>;
type Call = ReturnType<ServiceClient<typeof PresenceService>["streamSightings"]>;

const MAX_BATCH = 1_000;

export class HubStream {
  private readonly client: ServiceClient<typeof PresenceService>;
  private readonly call: Call;
  private nextBatchId = 1n;
  /** Send times of unanswered batches, oldest first: responses come in order. */
  private readonly sentAt: number[] = [];
  private sentAtHead = 0;
  private sentBatches = 0;
  private answeredBatches = 0;
  rejectedBatches = 0;
  error: string | undefined;
  /** The call ended with an error: nothing more will be answered. */
  failed = false;
  readonly finished: Promise<void>;

  constructor(
    readonly hub: HubSpec,
    address: string,
    onAccepted: (sightings: number, atMs: number, roundTripMs: number) => void,
  ) {
    // A connection of its own, as a separate hub would have, not one shared HTTP/2 session.
    this.client = createServiceClient(PresenceService, address, { "grpc.use_local_subchannel_pool": 1 });
    this.call = this.client.streamSightings({ bearer: hub.credential });
    // Under overload, writes wait for the window to open; every waiting send adds a listener.
    (this.call.responses as unknown as EventEmitter).setMaxListeners(0);
    this.finished = this.readAcknowledgements(this.call, onAccepted);
  }

  private async readAcknowledgements(call: Call, onAccepted: (sightings: number, atMs: number, roundTripMs: number) => void) {
    try {
      for await (const response of call.responses) {
        const at = nowMs();
        const sentAt = this.sentAt[this.sentAtHead++] ?? at;
        if (this.sentAtHead > 4_096) {
          this.sentAt.splice(0, this.sentAtHead);
          this.sentAtHead = 0;
        }
        this.answeredBatches += 1;
        if (response.outcome.case === "accepted") onAccepted(response.outcome.value.sightingCount, at, at - sentAt);
        else if (response.outcome.case === "rejected") {
          this.rejectedBatches += 1;
          this.error ??= `batch rejected: ${response.outcome.value.message}`;
        }
      }
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (!/cancel/i.test(text)) this.error ??= text;
      this.failed = true;
    }
  }

  /** Queues the sightings (in batches of at most 1,000) without waiting for anything. */
  send(sightings: readonly SightingInit[]): void {
    for (let start = 0; start < sightings.length; start += MAX_BATCH) {
      const batchId = this.nextBatchId;
      this.nextBatchId += 1n;
      this.sentBatches += 1;
      this.sentAt.push(nowMs());
      void this.call.send({
        batchId,
        batch: { storeId: this.hub.storeId, sightings: sightings.slice(start, start + MAX_BATCH) },
      });
    }
  }

  get unanswered(): number {
    return this.sentBatches - this.answeredBatches;
  }

  close(): void {
    this.call.cancel();
    this.client.close();
  }
}
