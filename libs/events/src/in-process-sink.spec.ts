import type { UsageEventHandler } from './event-sink';
import { InProcessEventSink } from './in-process-sink';
import type { UsageEvent } from './usage-event';

function usageEvent(requestId: string): UsageEvent {
  return {
    v: 2,
    request_id: requestId,
    client_request_id: null,
    ts: Date.UTC(2025, 0, 1),
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    token_id: 1,
    token_name: 'test',
    token_hint: 'sk-t...test',
    model: 'gpt-4o',
    upstream_model: 'gpt-4o',
    provider: 'openai',
    api_key: 'sk-a...wxyz',
    status_code: 200,
    response_time_ms: 100,
    ttfb_ms: 50,
    attempts: 1,
    usage: null,
    usage_source: null,
    price: null,
    error_message: null,
    upstream_status: null,
    upstream_error: null,
  };
}

const ids = (events: UsageEvent[]): string[] => events.map((e) => e.request_id);

/** A handler that records each batch; `failures` first calls reject. */
function recordingHandler(failures = 0): UsageEventHandler & { batches: string[][]; calls: number } {
  const handler = {
    batches: [] as string[][],
    calls: 0,
    async handle(events: UsageEvent[]): Promise<void> {
      handler.calls += 1;
      if (handler.calls <= failures) throw new Error(`handler failure ${handler.calls}`);
      handler.batches.push(ids(events));
    },
  };
  return handler;
}

function fakeLogger(): { error: jest.Mock } {
  return { error: jest.fn() };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
