import type { UsageEventHandler } from './event-sink';
import { InProcessEventSink } from './in-process-sink';
import { fakeLogger, ids, recordingHandler, tick, usageEvent } from '../test/in-process-sink.helpers';

describe('InProcessEventSink', () => {
  it('emit returns before the handler runs; the handler gets the event later', async () => {
    const handler = recordingHandler();
    const sink = new InProcessEventSink({ handler, logger: fakeLogger() });
    sink.emit(usageEvent('r1'));
    expect(handler.calls).toBe(0);
    expect(sink.pending).toBe(1);
    await sink.flush();
    expect(handler.batches).toEqual([['r1']]);
    expect(sink.pending).toBe(0);
  });

  it('with batchWaitMs, events emitted within the wait go to the handler as one batch', async () => {
    const handler = recordingHandler();
    const sink = new InProcessEventSink({ handler, logger: fakeLogger(), batchWaitMs: 30 });
    sink.emit(usageEvent('r1'));
    await tick();
    await new Promise((resolve) => setTimeout(resolve, 5));
    sink.emit(usageEvent('r2'));
    expect(handler.calls).toBe(0);
    await sink.flush();
    expect(handler.batches).toEqual([['r1', 'r2']]);
  });

  it('a full batch goes at once, without waiting out batchWaitMs', async () => {
    const handler = recordingHandler();
    const sink = new InProcessEventSink({ handler, logger: fakeLogger(), batchWaitMs: 60_000, batchSize: 3 });
    sink.emit(usageEvent('r1'));
    sink.emit(usageEvent('r2'));
    await tick();
    expect(handler.calls).toBe(0);
    sink.emit(usageEvent('r3'));
    for (let i = 0; i < 5 && handler.batches.length === 0; i++) await tick();
    expect(handler.batches).toEqual([['r1', 'r2', 'r3']]);
  });

  it('flush and close do not wait out batchWaitMs', async () => {
    const handler = recordingHandler();
    const sink = new InProcessEventSink({ handler, logger: fakeLogger(), batchWaitMs: 60_000 });
    const started = Date.now();
    sink.emit(usageEvent('r1'));
    await sink.flush();
    sink.emit(usageEvent('r2'));
    await sink.close();
    expect(handler.batches).toEqual([['r1'], ['r2']]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('emit does not wait for a slow handler', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const handler: UsageEventHandler = {
      async handle(events) {
        await gate;
        seen.push(...ids(events));
      },
    };
    const sink = new InProcessEventSink({ handler, logger: fakeLogger() });
    sink.emit(usageEvent('r1'));
    await tick();
    await tick();
    // The handler is stuck, yet emit still returns at once.
    sink.emit(usageEvent('r2'));
    expect(seen).toEqual([]);
    release();
    await sink.flush();
    expect(seen).toEqual(['r1', 'r2']);
  });

  it('hands events over in batches of at most batchSize, in order', async () => {
    const handler = recordingHandler();
    const sink = new InProcessEventSink({ handler, logger: fakeLogger(), batchSize: 3 });
    for (let i = 1; i <= 7; i++) sink.emit(usageEvent(`r${i}`));
    await sink.flush();
    expect(handler.batches).toEqual([
      ['r1', 'r2', 'r3'],
      ['r4', 'r5', 'r6'],
      ['r7'],
    ]);
  });

  it('gathers events emitted in the same tick into one batch', async () => {
    const handler = recordingHandler();
    const sink = new InProcessEventSink({ handler, logger: fakeLogger() });
    sink.emit(usageEvent('a'));
    sink.emit(usageEvent('b'));
    sink.emit(usageEvent('c'));
    await sink.flush();
    expect(handler.batches).toEqual([['a', 'b', 'c']]);
  });

  it('delivers without flush being called', async () => {
    const handler = recordingHandler();
    const sink = new InProcessEventSink({ handler, logger: fakeLogger() });
    sink.emit(usageEvent('r1'));
    for (let i = 0; i < 5 && handler.batches.length === 0; i++) await tick();
    expect(handler.batches).toEqual([['r1']]);
  });
});
