import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { StallProbe } from "../../../bench/host-stalls.js";

describe("bench - host-stall probe", function () {
  this.timeout(60_000);
  let probe: StallProbe;

  before(async () => {
    probe = await StallProbe.start();
  });
  after(() => probe?.stop());

  it("bench - a probe held still for 200 ms reports a wake-up at least that late, and the next window starts afresh", async () => {
    const mark = await probe.mark();
    // The same thing a hypervisor does to a virtual CPU: the probe's threads stop running.
    process.kill(probe.pid, "SIGSTOP");
    await sleep(200);
    process.kill(probe.pid, "SIGCONT");
    await sleep(50);
    const held = await probe.since(mark);
    assert.ok(held.wakeups > 0, "the probe kept waking");
    assert.ok(held.lateOver5Ms >= 1 && held.lateOver1Ms >= held.lateOver5Ms, JSON.stringify(held));
    assert.ok(held.maxLateMs >= 150, `worst wake-up ${held.maxLateMs} ms late`);

    const next = await probe.since(await probe.mark());
    assert.ok(next.maxLateMs < 150, `the worst of the next window is its own: ${next.maxLateMs} ms`);
  });
});
