import { GatewayError } from '@aigw/shared-errors';
import { failsOver, outcomeOf } from './classify';

const answer = (status: number, body: string, headers?: Record<string, string>) => GatewayError.fromUpstream(status, body, 'p', headers);

describe('outcomeOf', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('401 is invalid; 403 only when the body blames the key', () => {
    expect(outcomeOf(answer(401, '{"error":"nope"}'), now)).toMatchObject({ kind: 'invalid', reason: 'unauthorized' });
    expect(outcomeOf(answer(403, '{"error":{"message":"Your API key was revoked"}}'), now)).toMatchObject({ kind: 'invalid', reason: 'forbidden' });
    expect(outcomeOf(answer(403, '{"error":{"message":"You exceeded your current quota"}}'), now)).toMatchObject({ kind: 'invalid', reason: 'no_quota' });
    expect(outcomeOf(answer(403, '{"error":{"message":"该令牌额度已用尽"}}'), now)).toMatchObject({ kind: 'invalid', reason: 'no_quota' });
    expect(outcomeOf(answer(401, '{"error":{"message":"insufficient balance"}}'), now)).toMatchObject({ kind: 'invalid', reason: 'no_quota' });
    expect(outcomeOf(answer(402, '{"error":{"message":"Payment required"}}'), now)).toMatchObject({ kind: 'invalid', reason: 'no_quota' });
    expect(outcomeOf(answer(403, '{"error":{"message":"model gpt-5 is not available in your region"}}'), now)).toBeUndefined();
  });

  it('429 carries retry-after (seconds, date or -ms); 5xx and no answer are failures; other 4xx say nothing', () => {
    expect(outcomeOf(answer(429, '', { 'retry-after': '2' }), now)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000 });
    expect(outcomeOf(answer(429, '', { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toMatchObject({ retryAfterMs: 3000 });
    expect(outcomeOf(answer(429, '', { 'retry-after-ms': '250' }), now)).toMatchObject({ retryAfterMs: 250 });
    expect(outcomeOf(answer(429, ''), now)).toMatchObject({ kind: 'rate_limited', retryAfterMs: undefined });
    expect(outcomeOf(answer(503, 'down'), now)).toMatchObject({ kind: 'failure' });
    expect(outcomeOf(new GatewayError('upstream_timeout', 'timed out'), now)).toMatchObject({ kind: 'failure' });
    expect(outcomeOf(answer(400, 'bad request'), now)).toBeUndefined();
    expect(outcomeOf(answer(404, 'no such model'), now)).toBeUndefined();
  });

  it('failsOver: every answer that blames the key (invalid, cooling, breaker) moves on; the request\'s own fault does not', () => {
    for (const status of [401, 402, 429, 500, 503]) expect({ status, fails: failsOver(answer(status, '{}')) }).toEqual({ status, fails: true });
    expect(failsOver(answer(403, '{"error":{"message":"invalid api key"}}'))).toBe(true);
    expect(failsOver(answer(403, '{"error":{"message":"not in your region"}}'))).toBe(false);
    for (const status of [400, 404, 413, 422]) expect({ status, fails: failsOver(answer(status, '{}')) }).toEqual({ status, fails: false });
    expect(failsOver(new GatewayError('upstream_error', 'connection refused'))).toBe(true);
  });
});
