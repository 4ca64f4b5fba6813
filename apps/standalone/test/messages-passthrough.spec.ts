import type Anthropic from '@anthropic-ai/sdk';
import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/**
 * Issue 12: /v1/messages to an anthropic-type upstream checks only the envelope and forwards the
 * body as sent, so content blocks the OpenAI conversion cannot express (server tool use, search
 * results) reach the upstream instead of being refused.
 */
describe('@anthropic-ai/sdk -> /v1/messages pass-through of blocks the conversion does not know', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'oa', baseUrl: `${fake.url}/v1`, keys: ['sk-openai-side-1'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 2 }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-side-0001'], models: [{ id: 'claude-sonnet-4', prompt: 3, completion: 15 }] });
    token = (await gw.addToken({ max_amount: 5 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const messages: Anthropic.MessageParam[] = [
    { role: 'user', content: 'what is new in node 24?' },
    {
      role: 'assistant',
      content: [
        { type: 'server_tool_use', id: 'srvtoolu_01', name: 'web_search', input: { query: 'node 24 release notes' } },
        {
          type: 'web_search_tool_result',
          tool_use_id: 'srvtoolu_01',
          content: [{ type: 'web_search_result', url: 'https://nodejs.org/en/blog', title: 'Node.js blog', encrypted_content: 'abc', page_age: null }],
        },
        { type: 'text', text: 'Node 24 ships a newer V8.' },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'search_result', source: 'https://example.com/doc', title: 'Doc', content: [{ type: 'text', text: 'npm 11 is bundled.' }], citations: { enabled: true } },
        { type: 'text', text: 'and npm?' },
      ],
    },
  ];
  const tools: Anthropic.Messages.ToolUnion[] = [{ type: 'web_search_20250305', name: 'web_search', max_uses: 2 }];

  it('forwards server_tool_use, web_search_tool_result and search_result blocks as sent, non-stream', async () => {
    const msg = await gw.anthropic(token).messages.create({ model: 'claude/claude-sonnet-4', max_tokens: 100, tools, messages });
    expect(msg.type).toBe('message');
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.body).toEqual({ model: 'claude-sonnet-4', max_tokens: 100, tools, messages });
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'messages', provider: 'claude', status_code: 200 });
  });

  it('forwards them as sent on a stream too', async () => {
    fake.enqueue({ kind: 'sample', name: 'anthropic-stream-tool' });
    const final = await gw.anthropic(token).messages.stream({ model: 'claude/claude-sonnet-4', max_tokens: 100, tools, messages }).finalMessage();
    expect(final.content.length).toBeGreaterThan(0);
    expect(fake.requests[0]!.body).toEqual({ model: 'claude-sonnet-4', max_tokens: 100, tools, messages, stream: true });
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'messages_stream', provider: 'claude', status_code: 200 });
  });

  it('still checks the envelope: max_tokens missing is a 400 that names it', async () => {
    const res = await gw.raw('/v1/messages', {
      method: 'POST',
      headers: { 'x-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude/claude-sonnet-4', messages }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') } });
    expect(fake.requests).toHaveLength(0);
  });

  it('to an openai-type provider such blocks are still refused with a 400 naming the block', async () => {
    const res = await gw.raw('/v1/messages', {
      method: 'POST',
      headers: { 'x-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'oa/gpt-4o-mini', max_tokens: 100, messages }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('server_tool_use') } });
    expect(fake.requests).toHaveLength(0);
  });
});
