import { request, type Dispatcher } from 'undici';
import { GatewayError } from '@aigw/shared-errors';
import type { UpstreamRequest } from '@aigw/adapters';
import type { ProviderKeyWithSecret } from '@aigw/store';

export interface UpstreamAnswer {
  status: number;
  contentType: string;
  body: Dispatcher.ResponseData['body'];
  key: ProviderKeyWithSecret;
}

export interface SendOptions {
  keys: ProviderKeyWithSecret[];
  build: (key: ProviderKeyWithSecret) => UpstreamRequest;
  dispatcher: Dispatcher;
  timeoutMs: number;
  signal: AbortSignal;
  provider: string;
  /** Told of each attempt before it is made (for attempts and the key in the log). */
  onAttempt: (attempt: number, key: ProviderKeyWithSecret) => void;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Maps what undici threw to the gateway's error (timeout vs. connection failure). */
export function upstreamFailure(err: unknown, provider: string): GatewayError {
  const code = (err as { code?: string }).code ?? '';
  if (TIMEOUT_CODES.has(code)) {
    return new GatewayError('upstream_timeout', `upstream ${provider} did not answer in time`, { cause: err });
  }
  const reason = (err as Error).message || code || 'connection failed';
  return new GatewayError('upstream_error', `upstream ${provider} connection failed: ${reason}`, { cause: err });
}

/**
 * Sends the request with each key in turn until one gets an answer that is not a connection
 * error, 429 or 5xx (DESIGN.md section 6, step 3). A non-2xx final answer becomes upstream_error
 * with the upstream's status and body.
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
      res = await request(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        dispatcher: options.dispatcher,
        signal: options.signal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
    } catch (err) {
      if (options.signal.aborted) throw err;
      lastError = upstreamFailure(err, options.provider);
      if (last || lastError.code === 'upstream_timeout') throw lastError;
      continue;
    }
    const contentType = String(res.headers['content-type'] ?? '');
    if (res.statusCode >= 200 && res.statusCode < 300) {
      return { status: res.statusCode, contentType, body: res.body, key };
    }
    const text = await readText(res.body, options.provider);
    lastError = GatewayError.fromUpstream(res.statusCode, text, options.provider);
    if (last || !isRetryableStatus(res.statusCode)) throw lastError;
  }
  throw lastError ?? new GatewayError('no_upstream_key', `provider "${options.provider}" has no enabled upstream key`);
}

async function readText(body: Dispatcher.ResponseData['body'], provider: string): Promise<string> {
  try {
    return await body.text();
  } catch (err) {
    throw upstreamFailure(err, provider);
  }
}
