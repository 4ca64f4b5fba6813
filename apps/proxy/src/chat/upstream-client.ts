import type { Dispatcher } from 'undici';
import { GatewayError } from '@aigw/shared-errors';
import { readLimited, requestUpstream, type KnownKey, type UpstreamRequest } from '@aigw/adapters';
import type { ProviderKeyWithSecret } from '@aigw/store';
import type { KeyOutcome } from '../keys/key-state';
import { failsOver, outcomeOf } from '../keys/classify';
import type { ClientSignal } from './client-signal';
import { relayedHeadersOf, type RelayedHeaders } from './relayed-headers';
import { upstreamAnswerError, upstreamFailure } from './upstream-failure';

export { upstreamFailure } from './upstream-failure';

export interface UpstreamAnswer {
  status: number;
  contentType: string;
  /** content-length as the upstream declared it, when it did. */
  contentLength: string | undefined;
  body: Dispatcher.ResponseData['body'];
  key: ProviderKeyWithSecret;
  /** The answer's headers that reach the client (see relayed-headers.ts). */
  headers: RelayedHeaders;
}

export interface SendOptions {
  keys: ProviderKeyWithSecret[];
  build: (key: ProviderKeyWithSecret) => UpstreamRequest;
  dispatcher: Dispatcher;
  timeoutMs: number;
  /** Aborts the request when the client goes away (an AbortSignal works too). */
  signal: ClientSignal | AbortSignal;
  provider: string;
  /** Every key of the provider: scrubbed from whatever an upstream error says. */
  secrets: readonly KnownKey[];
  /** Told of each attempt before it is made (for attempts and the key in the log). */
  onAttempt: (attempt: number, key: ProviderKeyWithSecret) => void;
  /** Told of each attempt that failed, with the (scrubbed) error. */
  onFailure: (attempt: number, err: GatewayError) => void;
  /**
   * Told what each answer says about its key (key health); awaited, so the next request knows of a
   * failure and a success is counted before its answer leaves.
   */
  onOutcome?: (key: ProviderKeyWithSecret, outcome: KeyOutcome) => Promise<void>;
}

/** Most of an upstream error body that is read: its first 4 KiB is all a message or a row keeps. */
const ERROR_BODY_READ_LIMIT = 64 * 1024;

/**
 * Sends the request with each key in turn until one gets an answer that does not blame its key
 * (classify.ts failsOver: a connection error, a 401/402/403 saying the key is invalid or has no
 * quota, a 429 or a 5xx move on to the next key). A non-2xx final answer becomes upstream_error
 * with the upstream's status and (scrubbed) body.
 */
export async function sendWithFailover(options: SendOptions): Promise<UpstreamAnswer> {
  let lastError: GatewayError | undefined;
  for (let i = 0; i < options.keys.length; i++) {
    const key = options.keys[i]!;
    const last = i === options.keys.length - 1;
    options.onAttempt(i + 1, key);
    const req = options.build(key);
    let res: Dispatcher.ResponseData;
    try {
      res = await requestUpstream(options.dispatcher, req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        signal: options.signal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
    } catch (err) {
      if (options.signal.aborted) throw err;
      lastError = upstreamFailure(err, options.provider, options.secrets);
      options.onFailure(i + 1, lastError);
      await tellOutcome(options, key, lastError);
      if (last || lastError.code === 'upstream_timeout') throw lastError;
      continue;
    }
    const contentType = String(res.headers['content-type'] ?? '');
    const headers = relayedHeadersOf(res.headers);
    if (res.statusCode >= 200 && res.statusCode < 300) {
      await options.onOutcome?.(key, { kind: 'success' });
      const length = res.headers['content-length'];
      return { status: res.statusCode, contentType, contentLength: Array.isArray(length) ? length[0] : length, body: res.body, key, headers };
    }
    try {
      const text = (await readLimited(res.body, ERROR_BODY_READ_LIMIT)).bytes.toString('utf8');
      lastError = upstreamAnswerError(res.statusCode, text, options.provider, options.secrets, headers);
    } catch (err) {
      lastError = upstreamFailure(err, options.provider, options.secrets);
      options.onFailure(i + 1, lastError);
      throw lastError;
    }
    options.onFailure(i + 1, lastError);
    await tellOutcome(options, key, lastError);
    if (last || !failsOver(lastError)) throw lastError;
  }
  throw lastError ?? new GatewayError('no_upstream_key', `provider "${options.provider}" has no enabled upstream key`);
}

async function tellOutcome(options: SendOptions, key: ProviderKeyWithSecret, err: GatewayError): Promise<void> {
  const outcome = outcomeOf(err, Date.now());
  if (outcome && options.onOutcome) await options.onOutcome(key, outcome);
}
