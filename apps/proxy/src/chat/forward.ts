import { once } from 'node:events';
import type { Response } from 'express';
import type { ChatCall, ProviderAdapter } from '@aigw/adapters';
import { markFirstByte, type RequestRecord } from '../record/request-record';
import { settleUsage } from './finish-usage';
import { upstreamFailure, type UpstreamAnswer } from './upstream-client';

export const CLIENT_GONE = 'client closed the request before the answer ended';

/** Non-stream: the whole upstream answer, converted only where the adapter must. */
export async function forwardJson(res: Response, answer: UpstreamAnswer, adapter: ProviderAdapter, call: ChatCall, record: RequestRecord): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await answer.body.arrayBuffer());
  } catch (err) {
    throw upstreamFailure(err, call.provider.name);
  }
  const result = adapter.readChatResponse(bytes, answer.contentType, call);
  settleUsage(record, result.usage, call.body, result.usage ? '' : completionTextOf(result.body));
  markFirstByte(record);
  res.statusCode = 200;
  res.setHeader('content-type', result.contentType);
  res.end(result.body);
}

/**
 * Stream: each upstream chunk goes to the client as it arrives, waiting for the client socket to
 * drain (backpressure). An upstream failure mid-way ends the stream with an error event.
 */
export async function forwardStream(
  res: Response,
  answer: UpstreamAnswer,
  adapter: ProviderAdapter,
  call: ChatCall,
  record: RequestRecord,
  signal: AbortSignal,
): Promise<void> {
  res.statusCode = 200;
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  const relay = adapter.createStreamRelay(call);
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
      const failure = upstreamFailure(err, call.provider.name);
      record.failure = { message: `stream interrupted: ${failure.message}` };
      record.statusOverride = 502;
      res.end(adapter.streamErrorEvent(failure.message));
    }
  } finally {
    settleUsage(record, relay.usage(), call.body, relay.outputText());
  }
}

function drained(res: Response): Promise<unknown> {
  if (res.destroyed) return Promise.resolve();
  return Promise.race([once(res, 'drain'), once(res, 'close')]);
}

/** Assistant text of a chat.completion body, for estimating completion tokens when usage is missing. */
function completionTextOf(body: Buffer | string): string {
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
