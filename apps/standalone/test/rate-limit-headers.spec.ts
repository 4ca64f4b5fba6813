import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { completion, startTestGateway, type TestGateway } from './harness';

/**
 * Issue 13: "every answer of a limited token carries the headers": refusals after identification,
 * unbilled endpoints and the GET routes show the token's limits as they stand (without counting).
 */
describe('rate-limit headers on every /v1 answer of a limited token', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 2) });
    gw = await startTestGateway();
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-hdr-key-01'], models: [{ id: 'm', prompt: 1 }, { id: 'm2', prompt: 1 }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-hdr-01'], models: [{ id: 'claude-m', prompt: 1 }] });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  const call = (key: string, path: string, body?: string, extra: Record<string, string> = {}) =>
    gw.raw(path, body === undefined ? { headers: { authorization: `Bearer ${key}`, ...extra } } : { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...extra }, body });
  const chat = (model: string) => JSON.stringify({ model, max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
  const openAiLimits = (res: Response) => [
    res.headers.get('x-ratelimit-limit-requests'),
    res.headers.get('x-ratelimit-remaining-requests'),
    res.headers.get('x-ratelimit-limit-tokens'),
    res.headers.get('x-ratelimit-reset-requests') !== null,
    res.headers.get('x-ratelimit-remaining-tokens') !== null,
    res.headers.get('x-ratelimit-reset-tokens') !== null,
  ];

  it('refusals after identification, the model list and the balance carry the limits; none of them is counted', async () => {
    const token = await gw.addToken({ rpm_limit: 10, tpm_limit: 10_000, allowed_models: ['up/m', 'claude/claude-m'] });
    const first = await call(token.key, '/v1/chat/completions', chat('up/m'));
    expect(first.status).toBe(200);
    expect(openAiLimits(first)).toEqual(['10', '9', '10000', true, true, true]);
    const answers: [string, Response][] = [
      ['model_not_allowed', await call(token.key, '/v1/chat/completions', chat('up/m2'))],
      ['404 model', await call(token.key, '/v1/chat/completions', chat('nope/m'))],
      ['400 envelope', await call(token.key, '/v1/chat/completions', JSON.stringify({ model: 'up/m' }))],
      ['malformed JSON', await call(token.key, '/v1/chat/completions', '{"model":')],
      ['GET /v1/models', await call(token.key, '/v1/models')],
      ['GET /v1/token/balance', await call(token.key, '/v1/token/balance')],
      ['unknown /v1 route', await call(token.key, '/v1/nothing-here')],
    ];
    for (const [what, res] of answers) {
      await res.arrayBuffer();
      expect({ what, status: res.status >= 200, limits: openAiLimits(res) }).toEqual({ what, status: true, limits: ['10', '9', '10000', true, true, true] });
      expect({ what, retryAfter: res.headers.get('retry-after') }).toEqual({ what, retryAfter: null });
    }
    expect(answers.map(([, res]) => res.status)).toEqual([403, 404, 400, 400, 200, 200, 404]);
    // Still 9 left: only the billed request was counted.
    expect(openAiLimits(await call(token.key, '/v1/chat/completions', chat('up/m')))).toEqual(['10', '8', '10000', true, true, true]);
  });

  it('count_tokens and the Messages endpoints carry the Anthropic-style headers', async () => {
    const token = await gw.addToken({ rpm_limit: 5, tpm_limit: 10_000 });
    const body = JSON.stringify({ model: 'claude/claude-m', messages: [{ role: 'user', content: 'hi' }] });
    const counted = await call(token.key, '/v1/messages/count_tokens', body, { 'anthropic-version': '2023-06-01' });
    expect(counted.status).toBe(200);
    expect(counted.headers.get('anthropic-ratelimit-requests-limit')).toBe('5');
    expect(counted.headers.get('anthropic-ratelimit-requests-remaining')).toBe('5');
    expect(counted.headers.get('anthropic-ratelimit-tokens-limit')).toBe('10000');
    expect(counted.headers.get('x-ratelimit-limit-requests')).toBeNull();
    const refused = await call(token.key, '/v1/messages', JSON.stringify({ model: 'claude/claude-m', messages: [] }), { 'anthropic-version': '2023-06-01' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('anthropic-ratelimit-requests-remaining')).toBe('5');
  });

  it('a token without limits, and a caller not identified, get none of them', async () => {
    const token = await gw.addToken();
    const plain = await call(token.key, '/v1/chat/completions', chat('nope/m'));
    expect(plain.status).toBe(404);
    expect(plain.headers.get('x-ratelimit-limit-requests')).toBeNull();
    const unknown = await call('sk-aigw-not-a-token', '/v1/models');
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('x-ratelimit-limit-requests')).toBeNull();
  });
});
