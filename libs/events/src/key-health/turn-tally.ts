/**
 * Sums the increments of one event-loop turn and sends them together: the first increment of a
 * turn schedules one send for when the turn's I/O callbacks have run (setImmediate), and every
 * increment of that turn gets the same promise, settled by that shared send. Whoever awaits it
 * knows its increment is stored (or that the send failed).
 */
export class TurnTally {
  private sums = new Map<string, number>();
  private sending: Promise<void> | undefined;

  /** `send` writes one turn's sums (field -> total added during the turn). */
  constructor(private readonly send: (sums: ReadonlyMap<string, number>) => Promise<void>) {}

  /** Adds `n` to `field`; settles once the turn's shared send has been answered. */
  add(field: string, n = 1): Promise<void> {
    this.sums.set(field, (this.sums.get(field) ?? 0) + n);
    this.sending ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        const sums = this.sums;
        this.sums = new Map();
        this.sending = undefined;
        this.send(sums).then(resolve, reject);
      });
    });
    return this.sending;
  }

  /** Resolves once the increments added so far have been sent (or failed); never rejects. */
  async settled(): Promise<void> {
    await this.sending?.catch(() => undefined);
  }
}
