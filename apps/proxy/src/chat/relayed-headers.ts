import type { IncomingHttpHeaders } from 'node:http';
import type { Response } from 'express';
import { ownsRateLimitHeaders, RATE_LIMIT_HEADER } from '../limits/limit-headers';

/** Upstream answer headers a client acts on, by their names as the client gets them. */
export type RelayedHeaders = Record<string, string>;

/**
 * Back-off and rate-limit headers, relayed under their own names. The openai and Anthropic SDKs
 * also read retry-after-ms and x-should-retry (the upstream saying whether a retry can help).
 */
const RELAYED = /^(retry-after|retry-after-ms|x-should-retry|x-ratelimit-.+|anthropic-ratelimit-.+)$/;

/**
 * The headers of an upstream answer that reach the client, on success and on error: back-off and
 * rate limits, and the upstream's request id (`request-id` on Anthropic, `x-request-id` on
 * OpenAI-like upstreams) as `x-upstream-request-id`; the gateway's own `x-request-id` stays its own.
 */
export function relayedHeadersOf(headers: IncomingHttpHeaders): RelayedHeaders {
  const out: RelayedHeaders = {};
  // for...in, not Object.entries: no [name, value] array per header of every answer.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || !RELAYED.test(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const requestId = headers['request-id'] ?? headers['x-request-id'];
  if (typeof requestId === 'string' && requestId !== '') out['x-upstream-request-id'] = requestId;
  return out;
}

/**
 * Sets the relayed headers on the client's answer. A token the gateway rate-limits gets the
 * gateway's own x-ratelimit-* / anthropic-ratelimit-* headers (its limits, not those of the
 * upstream key that happened to serve it), so the upstream's are dropped for it.
 */
export function setRelayedHeaders(res: Response, headers: RelayedHeaders): void {
  const own = ownsRateLimitHeaders(res);
  for (const name in headers) {
    if (own && RATE_LIMIT_HEADER.test(name)) continue;
    res.setHeader(name, headers[name]!);
  }
}
