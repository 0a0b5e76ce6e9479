// A hub stream's batches, resolved as they arrive without waiting for the ones before them: up
// to MAX_RESOLVING groups at once. A batch that arrives while that many are under way waits, and
// every batch waiting when a group finishes is resolved together as the next group (one stream
// is one store, so a group costs one set of Redis round trips however many batches it holds).
// Once MAX_WAITING_SIGHTINGS sightings wait, the stream is not read further until a group
// finishes, so HTTP/2 flow control pushes back on the hub and memory per stream stays bounded.
// Answers go back in the order the batches came, whichever group finishes first.

/** Groups of one stream resolved at once. Latency: a batch starts at once unless this many are under way. */
export const MAX_RESOLVING = 4;
/** Sightings (one full batch) that may wait for a group before the stream is read no further. */
export const MAX_WAITING_SIGHTINGS = 1_000;

type Waiting<B> = { readonly batch: B; readonly done: () => void; readonly failed: (error: unknown) => void };

/** Holds the stream's reader while a limit is reached, and lets it go once it no longer is. */
class ReaderGate {
  private wake: (() => void) | undefined;

  constructor(private readonly full: () => boolean) {}

  /** Settles at once unless the limit is reached, else once `check` finds it no longer is. */
  room(): Promise<void> {
    if (!this.full()) return Promise.resolve();
    return new Promise((wake) => {
      this.wake = wake;
    });
  }

  check(): void {
    if (this.wake && !this.full()) {
      const wake = this.wake;
      this.wake = undefined;
      wake();
    }
  }
}

export class BatchGroups<B extends { readonly sightings: readonly unknown[] }> {
  private waiting: Waiting<B>[] = [];
  private waitingSightings = 0;
  private resolving = 0;
  private readonly gate = new ReaderGate(() => this.waitingSightings >= MAX_WAITING_SIGHTINGS);

  constructor(private readonly resolveGroup: (batches: readonly B[]) => Promise<void>) {}

  /** Settles when the batch's group has been resolved. */
  add(batch: B): Promise<void> {
    return new Promise((done, failed) => {
      this.waiting.push({ batch, done, failed });
      this.waitingSightings += batch.sightings.length;
      this.startGroups();
    });
  }

  /** Settles when the stream may be read further: at once unless too many sightings wait. */
  roomToRead(): Promise<void> {
    return this.gate.room();
  }

  private startGroups(): void {
    while (this.resolving < MAX_RESOLVING && this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      this.waitingSightings = 0;
      this.resolving += 1;
      this.resolveGroup(group.map((entry) => entry.batch)).then(
        () => this.finished(group, undefined),
        (error: unknown) => this.finished(group, error ?? new Error("a group of batches failed")),
      );
    }
    this.gate.check();
  }

  private finished(group: readonly Waiting<B>[], error: unknown): void {
    this.resolving -= 1;
    for (const entry of group) {
      if (error === undefined) entry.done();
      else entry.failed(error);
    }
    this.startGroups();
  }
}

/** Answers not yet sent (a hub that stops reading them) before the stream is read no further. */
export const MAX_UNSENT_ANSWERS = 64;

/**
 * Sends a stream's answers in the order their batches came. The first failure (a resolve that
 * threw, or a send on a closed stream) ends the stream: whatever the reader awaits through
 * `interruptible` rejects with it at once.
 */
export class AnswersInOrder<A> {
  private last: Promise<void> = Promise.resolve();
  private unsent = 0;
  private readonly gate = new ReaderGate(() => this.unsent >= MAX_UNSENT_ANSWERS);
  private failure: { readonly error: unknown } | undefined;
  /** Rejects what the reader awaits now. One slot, not a long-lived promise raced again and again: each race would stay attached to it, with its result, until the stream ends. */
  private interrupt: ((error: unknown) => void) | undefined;

  constructor(private readonly send: (answer: A) => Promise<void>) {}

  /** Sends the answer once it is ready and every answer before it has been sent. */
  push(answer: Promise<A>): void {
    answer.catch(() => {});
    this.unsent += 1;
    this.last = this.last
      .then(() => answer)
      .then(this.send)
      .then(() => this.sent());
    this.last.catch((error: unknown) => this.fail(error));
  }

  /** Settles as `promise` does, unless the stream fails first: then rejects with that failure. */
  interruptible<T>(promise: Promise<T>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure.error);
    return new Promise<T>((resolve, reject) => {
      this.interrupt = reject;
      promise.then(resolve, reject);
    });
  }

  /** Settles when the stream may be read further: at once unless too many answers are unsent. */
  roomToRead(): Promise<void> {
    return this.gate.room();
  }

  /** Settles once every answer pushed so far has been sent; rejects on a failure. */
  async allSent(): Promise<void> {
    await this.last;
  }

  private sent(): void {
    this.unsent -= 1;
    this.gate.check();
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    this.interrupt?.(error);
    this.interrupt = undefined;
  }
}
