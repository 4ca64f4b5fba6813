import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SseFixtureEvent } from './fixtures';

/** One request being answered. */
export interface Exchange {
  res: ServerResponse;
  /** Aborted when the response closes, whoever closed it. */
  signal: AbortSignal;
  /** Destroys the connection on purpose (not counted as a client abort). */
  destroy(): void;
}

export const SSE_DONE = 'data: [DONE]\n\n';

/** Waits `ms`; false when the exchange closed meanwhile. */
export async function pause(ms: number | undefined, signal: AbortSignal): Promise<boolean> {
  if (ms && ms > 0) {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      return false;
    }
  }
  return !signal.aborted;
}

export function sendText(res: ServerResponse, status: number, body: string, contentType: string, extra?: { statusMessage?: string; headers?: Record<string, string> }): void {
  const headers = { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...extra?.headers };
  if (extra?.statusMessage) res.writeHead(status, extra.statusMessage, headers);
  else res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  sendText(res, status, JSON.stringify(body), 'application/json', { headers });
}

export function sseEventText(event: SseFixtureEvent): string {
  const name = event.event ? `event: ${event.event}\n` : '';
  return `${name}data: ${JSON.stringify(event.data)}\n\n`;
}

/** Writes and waits until the bytes left for the socket (which is also the backpressure). */
function write(ex: Exchange, text: string): Promise<boolean> {
  if (ex.signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(false);
    ex.signal.addEventListener('abort', onAbort, { once: true });
    ex.res.write(text, (err) => {
      ex.signal.removeEventListener('abort', onAbort);
      resolve(!err && !ex.signal.aborted);
    });
  });
}

export interface SseOptions {
  /** Pause between events. */
  intervalMs?: number;
  /** Destroy the connection after this many events (never sending `[DONE]`). */
  dieAfter?: number;
  /** End with `data: [DONE]` (OpenAI style); Anthropic streams do not. */
  done: boolean;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** Streams `events` one by one, each flushed before the next. */
export async function sendSse(ex: Exchange, events: readonly string[], options: SseOptions): Promise<void> {
  ex.res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...options.headers });
  ex.res.flushHeaders();
  for (const [i, event] of events.entries()) {
    if (options.dieAfter !== undefined && i >= options.dieAfter) break;
    if (i > 0 && !(await pause(options.intervalMs, ex.signal))) return;
    if (!(await write(ex, event))) return;
  }
  if (options.dieAfter !== undefined) {
    ex.destroy();
    return;
  }
  if (options.done && !(await write(ex, SSE_DONE))) return;
  ex.res.end();
}
