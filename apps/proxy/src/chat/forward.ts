import { once } from 'node:events';
import type { Response } from 'express';
import type { StreamRelay } from '@aigw/adapters';
import type { Usage } from '@aigw/events';
import { markFirstByte, type RequestRecord } from '../record/request-record';
import { settleUsage } from './finish-usage';
import { upstreamFailure, type UpstreamAnswer } from './upstream-client';

export const CLIENT_GONE = 'client closed the request before the answer ended';

/** What the client gets for a whole (non-stream) upstream answer. */
export interface ClientAnswer {
  body: Buffer | string;
  contentType: string;
  usage: Usage | null;
  /** Assistant text for estimating completion tokens when usage is missing. */
  outputText: () => string;
}

/** Non-stream: reads the whole upstream answer and sends what `convert` makes of it. */
export async function forwardJson(
  res: Response,
  answer: UpstreamAnswer,
  convert: (bytes: Buffer, contentType: string) => ClientAnswer,
  provider: string,
  record: RequestRecord,
  promptBody: Record<string, unknown>,
): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await answer.body.arrayBuffer());
  } catch (err) {
    throw upstreamFailure(err, provider);
  }
  const out = convert(bytes, answer.contentType);
  settleUsage(record, out.usage, promptBody, out.usage ? '' : out.outputText());
  markFirstByte(record);
  res.statusCode = 200;
  res.setHeader('content-type', out.contentType);
  res.end(out.body);
}

export interface StreamOptions {
  relay: StreamRelay;
  /** Bytes of the error event that ends a stream whose upstream failed mid-way. */
  errorEvent: (message: string) => string;
  provider: string;
  promptBody: Record<string, unknown>;
  signal: AbortSignal;
}

/**
 * Stream: each upstream chunk goes to the client as it arrives (through the relay), waiting for
 * the client socket to drain (backpressure). An upstream failure mid-way ends the stream with an
 * error event.
 */
export async function forwardStream(res: Response, answer: UpstreamAnswer, record: RequestRecord, options: StreamOptions): Promise<void> {
  const { relay, signal } = options;
  res.statusCode = 200;
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  try {
    for await (const chunk of answer.body) {
      const out = relay.push(chunk as Buffer);
      if (out.length === 0) continue;
      markFirstByte(record);
      if (!res.write(out)) await drained(res);
      if (signal.aborted) break;
    }
    if (signal.aborted) throw new Error(CLIENT_GONE);
    const tail = relay.end();
    if (tail.length > 0) res.write(tail);
    res.end();
  } catch (err) {
    if (signal.aborted) {
      record.failure = { message: CLIENT_GONE };
      record.statusOverride = 499;
      answer.body.destroy();
    } else {
      const failure = upstreamFailure(err, options.provider);
      record.failure = { message: `stream interrupted: ${failure.message}` };
      record.statusOverride = 502;
      res.end(options.errorEvent(failure.message));
    }
  } finally {
    settleUsage(record, relay.usage(), options.promptBody, relay.outputText());
  }
}

function drained(res: Response): Promise<unknown> {
  if (res.destroyed) return Promise.resolve();
  return Promise.race([once(res, 'drain'), once(res, 'close')]);
}

/** Assistant text of a chat.completion body, for estimating completion tokens when usage is missing. */
export function completionTextOf(body: Buffer | string): string {
  try {
    const json = JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) as {
      choices?: { message?: { content?: unknown; reasoning_content?: unknown } }[];
    };
    return (json.choices ?? [])
      .map((c) => [c.message?.content, c.message?.reasoning_content].filter((t) => typeof t === 'string').join(''))
      .join('');
  } catch {
    return '';
  }
}
