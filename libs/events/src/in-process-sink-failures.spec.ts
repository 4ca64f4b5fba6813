import type { UsageEventHandler } from './event-sink';
import { InProcessEventSink } from './in-process-sink';
import { fakeLogger, ids, recordingHandler, tick, usageEvent } from '../test/in-process-sink.helpers';

describe('InProcessEventSink', () => {
  it('retries a failed batch after retryDelayMs and loses nothing', async () => {
    const handler = recordingHandler(2);
    const logger = fakeLogger();
    const sink = new InProcessEventSink({ handler, logger, batchSize: 2, retryDelayMs: 5 });
    for (let i = 1; i <= 3; i++) sink.emit(usageEvent(`r${i}`));
    await sink.flush();
    expect(handler.calls).toBe(4);
    expect(handler.batches).toEqual([['r1', 'r2'], ['r3']]);
    expect(sink.pending).toBe(0);
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ events: 2, err: expect.any(Error) }), expect.stringMatching(/retry/));
  });

  it('keeps events emitted while a batch is failing and delivers them after', async () => {
    const handler = recordingHandler(1);
    const sink = new InProcessEventSink({ handler, logger: fakeLogger(), retryDelayMs: 20 });
    sink.emit(usageEvent('r1'));
    await tick();
    await tick();
    sink.emit(usageEvent('r2'));
    await sink.flush();
    expect(handler.batches.flat()).toEqual(['r1', 'r2']);
  });

  it('flush waits until everything is delivered', async () => {
    const delivered: string[] = [];
    const handler: UsageEventHandler = {
      async handle(events) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        delivered.push(...ids(events));
      },
    };
    const sink = new InProcessEventSink({ handler, logger: fakeLogger(), batchSize: 1 });
    sink.emit(usageEvent('r1'));
    sink.emit(usageEvent('r2'));
    await sink.flush();
    expect(delivered).toEqual(['r1', 'r2']);
  });

  it('flush with nothing buffered returns at once', async () => {
    const handler = recordingHandler();
    const sink = new InProcessEventSink({ handler, logger: fakeLogger() });
    await sink.flush();
    expect(handler.calls).toBe(0);
  });

  it('beyond maxBuffered, an event goes to the error log and is dropped', async () => {
    const handler = recordingHandler();
    const logger = fakeLogger();
    const sink = new InProcessEventSink({ handler, logger, maxBuffered: 2 });
    const overflow = usageEvent('r3');
    sink.emit(usageEvent('r1'));
    sink.emit(usageEvent('r2'));
    sink.emit(overflow);
    expect(sink.pending).toBe(2);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith({ event: overflow }, expect.stringMatching(/buffer full/));
    await sink.flush();
    expect(handler.batches.flat()).toEqual(['r1', 'r2']);
  });

  it('takes events again once the buffer has drained', async () => {
    const handler = recordingHandler();
    const logger = fakeLogger();
    const sink = new InProcessEventSink({ handler, logger, maxBuffered: 1 });
    sink.emit(usageEvent('r1'));
    await sink.flush();
    sink.emit(usageEvent('r2'));
    await sink.flush();
    expect(handler.batches.flat()).toEqual(['r1', 'r2']);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('close delivers what is buffered when the handler works', async () => {
    const handler = recordingHandler();
    const logger = fakeLogger();
    const sink = new InProcessEventSink({ handler, logger });
    sink.emit(usageEvent('r1'));
    await sink.close();
    expect(handler.batches).toEqual([['r1']]);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('close returns even when the handler keeps failing, and logs the undelivered events', async () => {
    const handler = recordingHandler(Number.POSITIVE_INFINITY);
    const logger = fakeLogger();
    const sink = new InProcessEventSink({ handler, logger, batchSize: 2, retryDelayMs: 10 });
    const events = [usageEvent('r1'), usageEvent('r2'), usageEvent('r3')];
    for (const e of events) sink.emit(e);
    await tick();
    await sink.close();
    expect(handler.batches).toEqual([]);
    expect(sink.pending).toBe(0);
    const last = logger.error.mock.calls.at(-1) as [Record<string, unknown>, string];
    expect(last[1]).toMatch(/not delivered/);
    expect(last[0]).toEqual({ events });
  });

  it('close with a failing handler and no drain in progress still makes one attempt and logs', async () => {
    const handler = recordingHandler(Number.POSITIVE_INFINITY);
    const logger = fakeLogger();
    const sink = new InProcessEventSink({ handler, logger, retryDelayMs: 60_000 });
    const event = usageEvent('r1');
    sink.emit(event);
    const started = Date.now();
    await sink.close();
    // It must not sit out the one-minute retry delay.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(handler.calls).toBeGreaterThanOrEqual(1);
    expect(logger.error).toHaveBeenLastCalledWith({ events: [event] }, expect.stringMatching(/not delivered/));
  });
});
