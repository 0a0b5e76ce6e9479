// Runs one customer's consent changes one after another (append, projection, publish), so the
// ledger, the projection and the change events agree on their order. Different customers run
// in parallel.
export class CustomerQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(customerId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(customerId) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => {},
      () => {},
    );
    this.tails.set(customerId, tail);
    void tail.then(() => {
      if (this.tails.get(customerId) === tail) this.tails.delete(customerId);
    });
    return result;
  }
}
