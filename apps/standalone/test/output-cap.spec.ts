import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/** Issue 12: a catalog model's max_output_tokens clamps what a request asks, and the row says so. */
describe('catalog max_output_tokens', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  const messages = [{ role: 'user' as const, content: 'hi' }];
  const sentMaxTokens = () => (fake.requests.at(-1)!.body as { max_tokens?: unknown }).max_tokens;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({
      name: 'claude',
      apiType: 'anthropic',
      baseUrl: fake.url,
      keys: ['sk-ant-key-1'],
      models: [
        { id: 'claude-haiku-4-5', prompt: 1, completion: 5, maxOutputTokens: 8192 },
        { id: 'claude-opus-4-6', prompt: 5, completion: 25 },
      ],
    });
    await gw.addProvider({ name: 'oai', baseUrl: fake.url, keys: ['sk-oai-key-1'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 4, maxOutputTokens: 4000 }] });
    token = (await gw.addToken({ max_amount: 100 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('/v1/messages asking 32,000 (as Claude Code does) goes upstream with 8192, the row records 32000, the hold uses 8192', async () => {
    const reserve = jest.spyOn(gw.proxy.ledger, 'reserve');
    const answer = await gw.anthropic(token).messages.create({ model: 'claude/claude-haiku-4-5', max_tokens: 32000, messages });
    expect(answer.content[0]).toMatchObject({ type: 'text' });
    expect(sentMaxTokens()).toBe(8192);
    const estimate = reserve.mock.calls.at(-1)![1];
    reserve.mockRestore();
    // prompt (a few tokens) x 1 + 8192 x 5 per million; 32000 x 5 per million would be 0.16.
    expect(estimate).toBeGreaterThanOrEqual((8192 * 5) / 1e6);
    expect(estimate).toBeLessThan((8192 * 5 + 1000) / 1e6);
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ status_code: 200, model: 'claude/claude-haiku-4-5', clamped_from: 32000 });
    const api = await gw.raw('/admin/logs?limit=1', { headers: { authorization: `Bearer ${gw.adminToken}` } });
    expect(((await api.json()) as { data: unknown[] }).data[0]).toMatchObject({ request_id: row.request_id, clamped_from: 32000 });
  });

  it('/v1/responses: max_output_tokens over the cap reaches the converted upstream clamped, the row records it', async () => {
    const response = await gw.client(token).responses.create({ model: 'claude/claude-haiku-4-5', input: 'hi', max_output_tokens: 32000 });
    expect(response.status).toBe('completed');
    expect(sentMaxTokens()).toBe(8192);
    expect((await gw.logs()).at(-1)).toMatchObject({ request_type: 'responses', status_code: 200, clamped_from: 32000 });
  });

  it('under the cap, and a model without a cap: sent as asked, not recorded as clamped', async () => {
    await gw.anthropic(token).messages.create({ model: 'claude/claude-haiku-4-5', max_tokens: 1000, messages });
    expect(sentMaxTokens()).toBe(1000);
    await gw.anthropic(token).messages.create({ model: 'claude/claude-opus-4-6', max_tokens: 32000, messages });
    expect(sentMaxTokens()).toBe(32000);
    const rows = (await gw.logs()).slice(-2);
    expect(rows.map((r) => r.clamped_from)).toEqual([null, null]);
  });

  it('chat to an anthropic-type provider: max_completion_tokens over the cap is clamped, stream too', async () => {
    const stream = await gw.client(token).chat.completions.create({ model: 'claude/claude-haiku-4-5', max_completion_tokens: 20000, messages, stream: true });
    for await (const chunk of stream) void chunk;
    expect(sentMaxTokens()).toBe(8192);
    expect((await gw.logs()).at(-1)).toMatchObject({ request_type: 'chat_stream', clamped_from: 20000 });
  });

  it('chat to an openai-type provider: the client field is replaced, and a request with no cap gets max_tokens = the cap', async () => {
    await gw.client(token).chat.completions.create({ model: 'oai/gpt-4o-mini', max_completion_tokens: 9000, messages });
    expect(fake.requests.at(-1)!.body).toMatchObject({ max_completion_tokens: 4000 });
    expect(fake.requests.at(-1)!.body).not.toHaveProperty('max_tokens');
    await gw.client(token).chat.completions.create({ model: 'oai/gpt-4o-mini', messages });
    expect(fake.requests.at(-1)!.body).toMatchObject({ max_tokens: 4000 });
    const rows = (await gw.logs()).slice(-2);
    expect(rows.map((r) => r.clamped_from)).toEqual([9000, null]);
  });

  it('a cap set through the admin API applies after the reload', async () => {
    const res = await gw.raw('/admin/providers/claude/models/claude-opus-4-6', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${gw.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ max_output_tokens: 16000 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'claude/claude-opus-4-6', max_output_tokens: 16000 });
    await gw.proxy.state.reload();
    await gw.anthropic(token).messages.create({ model: 'claude/claude-opus-4-6', max_tokens: 32000, messages });
    expect(sentMaxTokens()).toBe(16000);
  });
});
