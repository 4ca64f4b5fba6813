import type { LoggedRequest, RequestLogInput } from '../../src';

let counter = 0;

/** A request_logs row with sensible defaults; pass what the test is about. */
export function logInput(overrides: Partial<RequestLogInput> = {}): RequestLogInput {
  counter += 1;
  return {
    request_id: `req-${process.pid}-${Date.now()}-${counter}`,
    ts: new Date(),
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    client_request_id: null,
    token_id: null,
    token_name: null,
    token_hint: null,
    model: 'gpt-4o',
    upstream_model: 'gpt-4o-2024-08-06',
    provider: 'openai',
    api_key: 'sk-a...wxyz',
    status_code: 200,
    response_time_ms: 120,
    ttfb_ms: 80,
    attempts: 1,
    prompt_tokens: 10,
    completion_tokens: 20,
    total_tokens: 30,
    cached_tokens: 0,
    reasoning_tokens: null,
    usage_source: 'upstream',
    amount_spent: '0.0001000000',
    currency: 'USD',
    error_message: null,
    upstream_status: null,
    upstream_error: null,
    clamped_from: null,
    ...overrides,
  };
}

export function logged(tokenId: number | null, overrides: Partial<RequestLogInput> = {}): LoggedRequest {
  return { log: logInput(overrides), token_id: tokenId };
}
