// How far apart the load generator's and the subscriber's clocks are: each is asked for its
// time over IPC and compared with the orchestrator's, keeping the tightest round trip. Both
// stamp with performance.timeOrigin + performance.now(), so this should be near zero; the run
// reports it so a reader can tell.
import { nowMs } from "./clock.js";

type ClockChild = {
  send(message: { type: "clock" }): void;
  next(type: "clock", timeoutMs: number): Promise<{ nowMs: number }>;
};

const ROUNDS = 50;

async function offsetOf(child: ClockChild): Promise<{ offset: number; uncertainty: number }> {
  let best = { offset: 0, uncertainty: Number.POSITIVE_INFINITY };
  for (let round = 0; round < ROUNDS; round += 1) {
    const sent = nowMs();
    child.send({ type: "clock" });
    const reply = await child.next("clock", 5_000);
    const back = nowMs();
    if ((back - sent) / 2 < best.uncertainty) best = { offset: reply.nowMs - (sent + back) / 2, uncertainty: (back - sent) / 2 };
  }
  return best;
}

export async function measureClockOffset(generator: ClockChild, subscriber: ClockChild) {
  const [ofGenerator, ofSubscriber] = [await offsetOf(generator), await offsetOf(subscriber)];
  return {
    generatorMinusSubscriber: ofGenerator.offset - ofSubscriber.offset,
    uncertainty: ofGenerator.uncertainty + ofSubscriber.uncertainty,
  };
}
