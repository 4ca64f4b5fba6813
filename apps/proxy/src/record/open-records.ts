/**
 * Counts the requests whose UsageEvent is not emitted yet. A client can read its whole answer
 * before the server's 'close' event (and so the emit) has run; waiting here first means a flush
 * of the sink covers every request answered so far. Shutdown waits here too.
 */
export class OpenRecords {
  private count = 0;
  private waiters: (() => void)[] = [];

  open(): void {
    this.count += 1;
  }

  close(): void {
    this.count -= 1;
    if (this.count > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  get size(): number {
    return this.count;
  }

  /**
   * Resolves once every request opened so far (and any opened meanwhile) has emitted its event,
   * or after timeoutMs when one is given (shutdown must not hang on a request that never settles).
   */
  settled(timeoutMs?: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (timeoutMs !== undefined) setTimeout(resolve, timeoutMs).unref();
    });
  }
}
