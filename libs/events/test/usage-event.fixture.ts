import type { UsageEvent } from '../src/usage-event';

/** A complete v2 usage event, as a proxy emits it. */
export function validEvent(): UsageEvent {
  return {
    v: 2,
    request_id: 'req-1',
    client_request_id: 'client-1',
    ts: 1_735_689_600_000,
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    token_id: 3,
    token_name: 'alice',
    token_hint: 'sk-t...test',
    model: 'gpt-4o',
    upstream_model: 'gpt-4o-2024-08-06',
    provider: 'openai',
    api_key: 'sk-a...wxyz',
    status_code: 200,
    response_time_ms: 120,
    ttfb_ms: 80,
    attempts: 1,
    usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30, cached_tokens: 0, reasoning_tokens: 0 },
    usage_source: 'upstream',
    price: { prompt_per_million: '2.5', completion_per_million: '10', cached_prompt_per_million: null, currency: 'USD' },
    cost_cap: '0.25',
    error_message: null,
    upstream_status: null,
    upstream_error: null,
    trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  };
}
