import type { IncomingHttpHeaders } from 'node:http';
import type { Response } from 'express';

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
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !RELAYED.test(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const requestId = headers['request-id'] ?? headers['x-request-id'];
  if (typeof requestId === 'string' && requestId !== '') out['x-upstream-request-id'] = requestId;
  return out;
}

export function setRelayedHeaders(res: Response, headers: RelayedHeaders): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
