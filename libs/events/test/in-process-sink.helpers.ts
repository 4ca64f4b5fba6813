/** What the in-process-sink*.spec.ts files share: events, a recording handler, a logger, a tick. */

import type { UsageEventHandler } from '../src/event-sink';
import type { UsageEvent } from '../src/usage-event';

export function usageEvent(requestId: string): UsageEvent {
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

export const ids = (events: UsageEvent[]): string[] => events.map((e) => e.request_id);

/** A handler that records each batch; `failures` first calls reject. */
export function recordingHandler(failures = 0): UsageEventHandler & { batches: string[][]; calls: number } {
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

export function fakeLogger(): { error: jest.Mock } {
  return { error: jest.fn() };
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
