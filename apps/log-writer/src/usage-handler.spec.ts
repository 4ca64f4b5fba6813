import type { UsageEvent } from '@aigw/events';
import { toLoggedRequest } from './usage-handler';

const PRICE = { prompt_per_million: '2', completion_per_million: '8', cached_prompt_per_million: '0.5', currency: 'USD' };
const USAGE = { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500, cached_tokens: 200, reasoning_tokens: 30 };

function usageEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    v: 2,
    request_id: 'req-1',
    client_request_id: 'client-1',
    ts: Date.UTC(2025, 0, 2, 3, 4, 5, 6),
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    token_id: 42,
    token_name: 'alice',
    token_hint: 'sk-c...ient',
    model: 'gpt-4o',
    upstream_model: 'gpt-4o-2024-08-06',
    provider: 'openai',
    api_key: 'sk-a...wxyz',
    status_code: 200,
    response_time_ms: 321,
    ttfb_ms: 99,
    attempts: 2,
    usage: USAGE,
    usage_source: 'upstream',
    price: PRICE,
    error_message: null,
    upstream_status: null,
    upstream_error: null,
    ...overrides,
  };
}

describe('toLoggedRequest', () => {
  it('prices the request from usage and price, cached tokens at the cached price, and debits the token', () => {
    // 800 x 2 + 200 x 0.5 + 500 x 8 = 5700 per million tokens
    const result = toLoggedRequest(usageEvent());
    expect(result.token_id).toBe(42);
    expect(result.log.amount_spent).toBe('0.0057000000');
    expect(result.log.currency).toBe('USD');
  });

  it('prices cached tokens at the prompt price when there is no cached price', () => {
    const result = toLoggedRequest(usageEvent({ price: { ...PRICE, cached_prompt_per_million: null } }));
    // 1000 x 2 + 500 x 8 = 6000 per million
    expect(result.log.amount_spent).toBe('0.0060000000');
  });

  it('uses the currency of the price', () => {
    expect(toLoggedRequest(usageEvent({ price: { ...PRICE, currency: 'CNY' } })).log.currency).toBe('CNY');
  });

  it('writes clamped_from to the row, null when the event has none', () => {
    expect(toLoggedRequest(usageEvent({ clamped_from: 32000 })).log.clamped_from).toBe(32000);
    expect(toLoggedRequest(usageEvent()).log.clamped_from).toBeNull();
  });

  it('caps the amount at cost_cap', () => {
    const result = toLoggedRequest(usageEvent({ cost_cap: '0.001' }));
    expect(result.log.amount_spent).toBe('0.0010000000');
    expect(result.token_id).toBe(42);
  });

  it('keeps the cost when it is under cost_cap', () => {
    expect(toLoggedRequest(usageEvent({ cost_cap: '1' })).log.amount_spent).toBe('0.0057000000');
    expect(toLoggedRequest(usageEvent({ cost_cap: null })).log.amount_spent).toBe('0.0057000000');
  });

  it('does not debit anything for an admin request (token_id null), yet logs its cost', () => {
    const result = toLoggedRequest(usageEvent({ token_id: null, token_name: null, token_hint: 'admin_token' }));
    expect(result.token_id).toBeNull();
    expect(result.log).toMatchObject({ token_id: null, token_hint: 'admin_token' });
    expect(result.log.amount_spent).toBe('0.0057000000');
  });

  it('gives a failed request without usage a null cost, no currency and no debit', () => {
    const result = toLoggedRequest(
      usageEvent({
        usage: null,
        usage_source: null,
        status_code: 502,
        error_message: 'upstream returned 500',
        upstream_status: 500,
        upstream_error: '{"error":"boom"}',
      }),
    );
    expect(result.token_id).toBeNull();
    expect(result.log).toMatchObject({
      amount_spent: null,
      currency: null,
      prompt_tokens: null,
      completion_tokens: null,
      total_tokens: null,
      cached_tokens: null,
      reasoning_tokens: null,
      status_code: 502,
      error_message: 'upstream returned 500',
      upstream_status: 500,
      upstream_error: '{"error":"boom"}',
    });
  });

  it('gives a request without a price a null cost and no debit, but keeps the token counts', () => {
    const result = toLoggedRequest(usageEvent({ price: null }));
    expect(result.token_id).toBeNull();
    expect(result.log.amount_spent).toBeNull();
    expect(result.log.currency).toBeNull();
    expect(result.log.prompt_tokens).toBe(1000);
  });

  it('copies the request fields into the row, ts as a Date', () => {
    const event = usageEvent();
    const { log } = toLoggedRequest(event);
    expect(log).toEqual({
      request_id: 'req-1',
      ts: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)),
      method: 'POST',
      path: '/v1/chat/completions',
      request_type: 'chat',
      client_request_id: 'client-1',
      token_id: 42,
      token_name: 'alice',
      token_hint: 'sk-c...ient',
      model: 'gpt-4o',
      upstream_model: 'gpt-4o-2024-08-06',
      provider: 'openai',
      api_key: 'sk-a...wxyz',
      status_code: 200,
      response_time_ms: 321,
      ttfb_ms: 99,
      attempts: 2,
      prompt_tokens: 1000,
      completion_tokens: 500,
      total_tokens: 1500,
      cached_tokens: 200,
      reasoning_tokens: 30,
      usage_source: 'upstream',
      amount_spent: '0.0057000000',
      currency: 'USD',
      error_message: null,
      upstream_status: null,
      upstream_error: null,
      clamped_from: null,
      attempt_details: null,
    });
  });

  it('writes the attempts of a request to the row (fallbacks), none when an old event has no such field', () => {
    const attempt_details = [
      { provider: 'a', model: 'm1', key: 'sk-a...1234', status: 503, error: 'upstream a returned 503: busy', ms: 5 },
      { provider: 'b', model: 'm2', key: 'sk-b...5678', status: 200, error: null, ms: 30 },
    ];
    expect(toLoggedRequest(usageEvent({ attempt_details })).log.attempt_details).toEqual(attempt_details);
    expect(toLoggedRequest(usageEvent()).log.attempt_details).toBeNull();
  });
});
