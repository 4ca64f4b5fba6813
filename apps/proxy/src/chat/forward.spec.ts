import { Readable, Writable } from 'node:stream';
import type { Response } from 'express';
import type { StreamRelay } from '@aigw/adapters';
import { createLogger } from '@aigw/telemetry';
import type { RequestRecord } from '../record/request-record';
import { forwardStream } from './forward';
import type { OpenedUpstream } from './open-upstream';
import type { UpstreamAnswer } from './upstream-client';

const CHUNKS = Array.from({ length: 40 }, (_, i) => `data: {"n":${i}}\n\n`);

/** A client socket that takes one chunk at a time, late, so every write waits for 'drain'. */
function slowClient(): { res: Response; received: string[]; peak: { close: number; error: number }; drains: () => number } {
  const received: string[] = [];
  const peak = { close: 0, error: 0 };
  let drainCount = 0;
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, done) {
      received.push(chunk.toString('utf8'));
      peak.close = Math.max(peak.close, sink.listenerCount('close'));
      peak.error = Math.max(peak.error, sink.listenerCount('error'));
      setImmediate(done);
    },
  });
  sink.on('drain', () => (drainCount += 1));
  const res = Object.assign(sink, { statusCode: 0, setHeader: () => res, flushHeaders: () => undefined });
  return { res: res as unknown as Response, received, peak, drains: () => drainCount };
}

function passThroughRelay(): StreamRelay {
  return { push: (chunk) => chunk, end: () => '', usage: () => null, outputText: () => '', responseModel: () => null };
}

function opened(): OpenedUpstream {
  const answer = { status: 200, contentType: 'text/event-stream', contentLength: undefined, headers: {}, body: Readable.from(CHUNKS.map((c) => Buffer.from(c))) };
  return {
    answer: answer as unknown as UpstreamAnswer,
    signal: new AbortController().signal,
    provider: 'oai',
    secrets: [],
    bodyLimit: 1 << 20,
    usageCeiling: 1_000_000,
    logger: createLogger({ level: 'silent', timezone: 'UTC' }),
  };
}

describe('forwardStream backpressure', () => {
  it('waits for drain on every chunk, forwards all chunks in order and leaves no listeners behind', async () => {
    const { res, received, peak, drains } = slowClient();
    const baseline = { close: res.listenerCount('close'), error: res.listenerCount('error') };
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      await forwardStream(res, opened(), { ttfbMs: null, startedHr: performance.now() } as RequestRecord, {
        relay: passThroughRelay(),
        errorEvent: (m) => `data: ${m}\n\n`,
        promptBody: { messages: [] },
      });
    } finally {
      process.off('warning', onWarning);
    }
    expect(drains()).toBeGreaterThanOrEqual(30);
    expect(received.join('')).toBe(CHUNKS.join(''));
    expect(res.listenerCount('close')).toBe(baseline.close);
    expect(res.listenerCount('error')).toBe(baseline.error);
    expect(peak.close).toBeLessThanOrEqual(baseline.close + 1);
    expect(peak.error).toBeLessThanOrEqual(baseline.error + 1);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
