import assert from "node:assert/strict";
import {
  AnswersInOrder,
  BatchGroups,
  MAX_RESOLVING,
  MAX_UNSENT_ANSWERS,
  MAX_WAITING_SIGHTINGS,
} from "../../../../services/presence/src/batch-groups.js";

type Batch = { readonly id: number; readonly sightings: readonly unknown[] };
const batch = (id: number, sightings = 1): Batch => ({ id, sightings: Array.from({ length: sightings }) });

/** A promise with its settle functions, to finish a group or a send when the test says so. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Whether the promise has settled once every microtask queued so far, and every one those queue,
 * has run: setImmediate's callback runs only after the microtask queue is empty, however long
 * the chain (no turn count to outlast).
 */
const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise<void>((resolve) => setImmediate(resolve));
  return done;
};

describe("presence - a hub stream's batches resolved in groups", () => {
  function recordingGroups() {
    const groups: { ids: number[]; finish: ReturnType<typeof deferred<void>> }[] = [];
    const batchGroups = new BatchGroups<Batch>((batches) => {
      const finish = deferred();
      groups.push({ ids: batches.map((entry) => entry.id), finish });
      return finish.promise;
    });
    return { groups, batchGroups };
  }

  it("presence - starts each batch at once until that many are resolving, then resolves the waiting ones together", async () => {
    const { groups, batchGroups } = recordingGroups();
    const first = Array.from({ length: MAX_RESOLVING }, (_, index) => batchGroups.add(batch(index)));
    assert.deepEqual(
      groups.map((group) => group.ids),
      first.map((_, index) => [index]),
      "each batch its own group while there is room",
    );
    const waiting = [batchGroups.add(batch(100)), batchGroups.add(batch(101)), batchGroups.add(batch(102))];
    assert.equal(groups.length, MAX_RESOLVING, "no group starts while as many are resolving");

    groups[1]?.finish.resolve();
    await first[1];
    assert.deepEqual(groups.at(-1)?.ids, [100, 101, 102], "everything that waited goes as one group");
    assert.equal(await settled(first[0] as Promise<void>), false, "a batch settles with its own group only");
    assert.equal(await settled(waiting[0] as Promise<void>), false);

    groups.at(-1)?.finish.resolve();
    await Promise.all(waiting);
  });

  it("presence - a failed group fails each of its batches and no other", async () => {
    const { groups, batchGroups } = recordingGroups();
    const [ok, failing] = [batchGroups.add(batch(1)), batchGroups.add(batch(2))];
    groups[1]?.finish.reject(new Error("redis went away"));
    await assert.rejects(failing as Promise<void>, /redis went away/);
    groups[0]?.finish.resolve();
    await ok;
  });

  it("presence - stops reading once too many sightings wait, and reads on when a group starts", async () => {
    const { groups, batchGroups } = recordingGroups();
    for (let index = 0; index < MAX_RESOLVING; index += 1) batchGroups.add(batch(index));
    await batchGroups.roomToRead();
    batchGroups.add(batch(10, MAX_WAITING_SIGHTINGS / 2));
    await batchGroups.roomToRead();
    batchGroups.add(batch(11, MAX_WAITING_SIGHTINGS / 2));
    const room = batchGroups.roomToRead();
    assert.equal(await settled(room), false, "no room while the limit of sightings waits");
    groups[0]?.finish.resolve();
    await room;
    assert.deepEqual(groups.at(-1)?.ids, [10, 11]);
  });
});

describe("presence - a hub stream's answers in the order its batches came", () => {
  it("presence - sends answers in push order whichever is ready first", async () => {
    const sent: string[] = [];
    const answers = new AnswersInOrder<string>(async (answer) => {
      sent.push(answer);
    });
    const [a, b, c] = [deferred<string>(), deferred<string>(), deferred<string>()];
    answers.push(a.promise);
    answers.push(b.promise);
    answers.push(c.promise);
    c.resolve("c");
    b.resolve("b");
    await Promise.resolve();
    assert.deepEqual(sent, [], "nothing goes before the first answer");
    a.resolve("a");
    await answers.allSent();
    assert.deepEqual(sent, ["a", "b", "c"]);
  });

  it("presence - the first failure interrupts what the reader awaits, and later answers are not sent", async () => {
    const sent: string[] = [];
    const answers = new AnswersInOrder<string>(async (answer) => {
      sent.push(answer);
    });
    const reading = answers.interruptible(new Promise<never>(() => {}));
    answers.push(Promise.resolve("a"));
    answers.push(Promise.reject(new Error("resolve failed")));
    answers.push(Promise.resolve("c"));
    await assert.rejects(reading, /resolve failed/, "a read that would never end is cut short");
    await assert.rejects(answers.allSent(), /resolve failed/);
    await assert.rejects(answers.interruptible(Promise.resolve("later")), /resolve failed/, "and so is every later one");
    assert.deepEqual(sent, ["a"]);
  });

  it("presence - stops reading while too many answers are unsent (a hub that reads no acks)", async () => {
    const sends: ReturnType<typeof deferred<void>>[] = [];
    const answers = new AnswersInOrder<number>(() => {
      const send = deferred();
      sends.push(send);
      return send.promise;
    });
    for (let index = 0; index < MAX_UNSENT_ANSWERS; index += 1) answers.push(Promise.resolve(index));
    const room = answers.roomToRead();
    assert.equal(await settled(room), false, "no room with the limit of answers unsent");
    sends[0]?.resolve();
    await room;
  });
});
