import { once } from 'node:events';
import type { Response } from 'express';
import { createStreamScrubber, declaredLength, formatByteSize, readLimited, scrubBytes, type LimitedRead, type StreamRelay } from '@aigw/adapters';
import { GatewayError, isGatewayError } from '@aigw/shared-errors';
import type { Usage } from '@aigw/usage';
import { markFirstByte, type RequestRecord } from '../record/request-record';
import { settleUsage, type UsageBasis } from './settle';
import type { OpenedUpstream } from './open-upstream';
import { setRelayedHeaders } from './relayed-headers';
import { logUpstreamFailure, scrubbedError, scrubbedUnexpected, upstreamFailure } from './upstream-failure';

export const CLIENT_GONE = 'client closed the request before the answer ended';

/** What the client gets for a whole (non-stream) upstream answer. */
export interface ClientAnswer {
  body: Buffer | string;
  contentType: string;
  usage: Usage | null;
  /** Assistant text for estimating completion tokens when usage is missing or distrusted. */
  outputText: () => string;
}

/** Non-stream: reads the whole upstream answer (at most `server.upstream_body_limit` of it) and sends what `convert` makes of it, scrubbed of the provider's keys. */
export async function forwardJson(
  res: Response,
  opened: OpenedUpstream,
  convert: (bytes: Buffer, contentType: string) => ClientAnswer,
  record: RequestRecord,
  basis: UsageBasis,
  beforeEnd?: () => Promise<void>,
): Promise<void> {
  const { answer, bodyLimit, provider } = opened;
  let out: ClientAnswer;
  try {
    // Read here, not in a helper of its own: one async function less per answer.
    let read: LimitedRead;
    try {
      read = await readLimited(answer.body, bodyLimit, declaredLength(answer.contentLength));
    } catch (err) {
      throw upstreamFailure(err, provider, opened.secrets);
    }
    if (read.over) {
      throw new GatewayError('upstream_error', `upstream ${provider} answer exceeded server.upstream_body_limit (${formatByteSize(bodyLimit)}); it was not read further`);
    }
    out = convert(read.bytes, answer.contentType);
  } catch (err) {
    if (!isGatewayError(err)) throw scrubbedUnexpected(err, opened.secrets);
    const failure = scrubbedError(err, opened.secrets);
    logUpstreamFailure(opened.logger, record.requestId, failure);
    throw failure;
  }
  settleUsage(record, out.usage, basis, out.outputText, opened);
  // Only a hook that is there is waited for (no turn of the microtask queue for none).
  if (beforeEnd) await beforeEnd();
  markFirstByte(record);
  res.statusCode = 200;
  setRelayedHeaders(res, answer.headers);
  res.setHeader('content-type', out.contentType);
  res.end(scrubBytes(out.body, opened.secrets));
}

export interface StreamOptions {
  relay: StreamRelay;
  /** Bytes of the error event that ends a stream whose upstream failed mid-way. */
  errorEvent: (message: string) => string;
  promptBody: Record<string, unknown>;
  /** Awaited once the upstream stream ended normally, before the client's stream ends. */
  beforeEnd?: () => Promise<void>;
}

/**
 * Stream: each upstream chunk goes to the client as it arrives (through the relay, then scrubbed
 * of the provider's keys), waiting for the client socket to drain (backpressure). An upstream
 * failure mid-way ends the stream with an error event.
 */
export async function forwardStream(res: Response, opened: OpenedUpstream, record: RequestRecord, options: StreamOptions): Promise<void> {
  const { relay } = options;
  const { answer, signal } = opened;
  const scrubber = createStreamScrubber(opened.secrets);
  res.statusCode = 200;
  setRelayedHeaders(res, opened.answer.headers);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  try {
    for await (const chunk of answer.body) {
      const out = scrubber.push(relay.push(chunk as Buffer));
      if (out.length === 0) continue;
      markFirstByte(record);
      if (!res.write(out)) await drained(res);
      if (signal.aborted) break;
    }
    if (signal.aborted) throw new Error(CLIENT_GONE);
    const tail = scrubber.push(relay.end());
    await options.beforeEnd?.();
    if (tail.length > 0) res.write(tail);
    res.end(scrubber.end());
  } catch (err) {
    if (signal.aborted) {
      record.failure = { message: CLIENT_GONE };
      record.statusOverride = 499;
      answer.body.destroy();
    } else {
      const failure = upstreamFailure(err, opened.provider, opened.secrets);
      logUpstreamFailure(opened.logger, record.requestId, failure);
      record.failure = { message: `stream interrupted: ${failure.message}` };
      record.statusOverride = 502;
      res.end(options.errorEvent(failure.message));
    }
  } finally {
    settleUsage(record, relay.usage(), { promptBody: options.promptBody }, () => relay.outputText(), opened);
  }
}

/**
 * Resolves on 'drain' or 'close' (rejects on 'error'). The losing `once` is aborted when the wait
 * ends: left alone, each wait would leave its 'close' and 'error' listeners on the response.
 */
async function drained(res: Response): Promise<void> {
  if (res.destroyed) return;
  const waitOver = new AbortController();
  const { signal } = waitOver;
  try {
    await Promise.race([once(res, 'drain', { signal }), once(res, 'close', { signal })]);
  } finally {
    waitOver.abort();
  }
}

/**
 * Assistant text of a chat.completion body, for estimating completion tokens when usage is missing;
 * `parsed`, when the adapter already parsed the body, is read instead of parsing it again.
 */
export function completionTextOf(body: Buffer | string, parsed?: unknown): string {
  try {
    const json = (parsed ?? JSON.parse(typeof body === 'string' ? body : body.toString('utf8'))) as {
      choices?: { message?: { content?: unknown; reasoning_content?: unknown } }[];
    };
    return (json.choices ?? [])
      .map((c) => [c.message?.content, c.message?.reasoning_content].filter((t) => typeof t === 'string').join(''))
      .join('');
  } catch {
    return '';
  }
}
