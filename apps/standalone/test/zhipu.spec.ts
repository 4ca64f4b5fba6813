import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/** Issue 4: Zhipu GLM as its own provider type. */
describe('zhipu-type provider', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'zhipu', apiType: 'zhipu', baseUrl: fake.url, keys: ['zhipu-key-0001'], models: [{ id: 'glm-4.5', prompt: 1, completion: 2, cached: 0.5 }] });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('non-stream: official path, Bearer key, reasoning_content and extras kept, cached tokens logged', async () => {
    fake.enqueue({ kind: 'sample', name: 'zhipu-official-nonstream' });
    const res = await gw.client(token).chat.completions.create({ model: 'zhipu/glm-4.5', messages: [{ role: 'user', content: 'hi' }] });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/api/paas/v4/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer zhipu-key-0001');
    expect((sent.body as Record<string, unknown>).model).toBe('glm-4.5');
    expect((res.choices[0]!.message as unknown as Record<string, unknown>).reasoning_content).toBe('...');
    expect((res as unknown as Record<string, unknown>).web_search).toBeDefined();
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ prompt_tokens: 27, completion_tokens: 910, cached_tokens: 12, usage_source: 'upstream' });
    // 15 uncached x 1 + 12 cached x 0.5 + 910 x 2 per million
    expect(row.amount_spent).toBeCloseTo((15 + 6 + 1820) / 1e6, 12);
  });

  it('stream: no stream_options added, usage from the last chunk with a choice', async () => {
    const stream = await gw.client(token).chat.completions.create({ model: 'zhipu/glm-4.5', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let reasoning = '';
    for await (const chunk of stream) reasoning += ((chunk.choices[0]?.delta ?? {}) as Record<string, unknown>).reasoning_content ?? '';
    expect(reasoning.length).toBeGreaterThan(0);
    expect((fake.requests[0]!.body as Record<string, unknown>).stream_options).toBeUndefined();
    const row = (await gw.logs()).at(-1)!;
    expect(row.usage_source).toBe('upstream');
    expect(row.cached_tokens).toBeGreaterThan(0);
  });

  it('its {error:{code,message}} body is kept in upstream_error', async () => {
    fake.enqueue({ kind: 'sample', name: 'zhipu-official-error' });
    const err = await gw.client(token).chat.completions.create({ model: 'zhipu/glm-4.5', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'upstream_error' });
    expect((err as Error).message).toContain('Model does not exist');
    const row = (await gw.logs()).at(-1)!;
    expect(row.upstream_error).toContain('1211');
  });
});
