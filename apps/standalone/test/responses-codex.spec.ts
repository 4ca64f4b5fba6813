import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/**
 * Issue 12: the request the Codex CLI sends (written from its source, libs/adapters' fixture)
 * through the gateway to a chat-only provider and to a pass-through provider, as `codex` with
 * `wire_api = "responses"` would send it, read back with the openai SDK's stream.
 */
const codex = JSON.parse(readFileSync(join(__dirname, '../../../libs/adapters/src/responses/fixtures/codex-request.json'), 'utf8')) as Record<string, unknown>;

describe('a Codex CLI turn through /v1/responses', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'chat', baseUrl: `${fake.url}/v1`, keys: ['sk-chat-side-0001'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 2 }] });
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-up-side-0001'], responsesApi: true, models: [{ id: 'gpt-5.1', prompt: 1, completion: 2 }] });
    token = (await gw.addToken({ max_amount: 5 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('is converted for a chat-only provider: tools and history go as chat, a tool call streams back as a function_call item', async () => {
    fake.enqueue({ kind: 'sample', name: 'tools-stream' });
    const body = { ...codex, model: 'chat/gpt-4o-mini' } as unknown as ResponseCreateParamsStreaming;
    const stream = gw.client(token).responses.stream(body);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types).toContain('response.function_call_arguments.delta');
    expect(types.at(-1)).toBe('response.completed');
    expect(final.output.find((o) => o.type === 'function_call')).toMatchObject({ name: 'get_weather', call_id: 'call_abc', arguments: '{"city": "Paris"}' });

    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    const chat = sent.body as { model: string; stream: boolean; tools: { function: { name: string } }[]; messages: { role: string }[] };
    expect(chat).toMatchObject({ model: 'gpt-4o-mini', stream: true });
    expect(chat.tools.map((t) => t.function.name)).toEqual(['shell_command', 'update_plan', 'apply_patch', 'view_image']);
    expect(chat.messages.map((m) => m.role)).toContain('tool');
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'responses_stream', status_code: 200, provider: 'chat', prompt_tokens: 80, completion_tokens: 17 });
  });

  it('passes through untouched for a Responses provider (store false, include, prompt_cache_key)', async () => {
    const body = { ...codex, model: 'up/gpt-5.1' } as unknown as ResponseCreateParamsStreaming;
    const final = await gw.client(token).responses.stream(body).finalResponse();
    expect(final.status).toBe('completed');
    expect(fake.requests[0]!.path).toBe('/v1/responses');
    expect(fake.requests[0]!.body).toEqual({ ...codex, model: 'gpt-5.1' });
  });
});
