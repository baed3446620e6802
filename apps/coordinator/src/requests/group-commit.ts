/**
 * Group commit: submissions that arrive while `maxInFlight` transactions are already running wait, and the next
 * transaction to start takes up to `maxGroup` of them at once. An idle coordinator therefore commits a lone
 * submission at once, and a busy one pays one transaction (and one fsync) per group instead of per submission.
 * When a group fails, each of its submissions is tried again alone, so one bad submission (a duplicate externalId
 * racing another) fails alone and the others still commit.
 */
export class GroupCommit<I, O> {
  private readonly queue: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly commit: (items: I[]) => Promise<O[]>,
    private readonly maxGroup: number,
    private readonly maxInFlight: number,
  ) {
    if (!(maxGroup >= 1 && maxInFlight >= 1))
      throw new Error('group size and concurrency must be at least 1');
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroup);
      this.inFlight += 1;
      void this.run(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async run(group: GroupCommit<I, O>['queue']): Promise<void> {
    try {
      const committed = await this.commit(group.map((entry) => entry.item));
      group.forEach((entry, index) => entry.resolve(committed[index]));
    } catch (error) {
      if (group.length === 1) return group[0].reject(error);
      for (const entry of group) {
        await this.commit([entry.item]).then(([committed]) => entry.resolve(committed), entry.reject);
      }
    }
  }
}
