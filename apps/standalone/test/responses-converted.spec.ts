import OpenAI from 'openai';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import { FAKE_ANTHROPIC_USAGE, FAKE_CLAUDE_TEXT, FAKE_REPLY_TEXT, FAKE_USAGE, startFakeUpstream, type FakeBehaviour, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/**
 * Issue 12, POST /v1/responses to providers that do not speak it (a chat-only openai-type provider
 * and an anthropic-type one): converted to Chat Completions and back, stream and non-stream, with
 * the gateway's own response ids, kept per token for previous_response_id.
 */
const tools: Tool[] = [{ type: 'function', name: 'weather', description: 'weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true }];

interface Kind {
  label: string;
  model: string;
  upstreamPath: string;
  text: string;
  usage: { prompt: number; completion: number; cached: number };
  cost: number;
  toolCall: FakeBehaviour;
  reasoning: FakeBehaviour;
  reasoningText: string;
}

const KINDS: Kind[] = [
  {
    label: 'chat-only openai-type provider',
    model: 'chat/gpt-4o-mini',
    upstreamPath: '/v1/chat/completions',
    text: FAKE_REPLY_TEXT,
    usage: { prompt: FAKE_USAGE.prompt_tokens, completion: FAKE_USAGE.completion_tokens, cached: 0 },
    cost: (FAKE_USAGE.prompt_tokens * 1 + FAKE_USAGE.completion_tokens * 2) / 1e6,
    toolCall: {
      kind: 'openai-json',
      body: {
        id: 'chatcmpl-tool',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_w1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] }, finish_reason: 'tool_calls' }],
        usage: { prompt_tokens: 30, completion_tokens: 9, total_tokens: 39 },
      },
    },
    reasoning: { kind: 'sample', name: 'deepseek-r1-nonstream' },
    reasoningText: 'The user wants a short self-introduction...',
  },
  {
    label: 'anthropic-type provider',
    model: 'claude/claude-sonnet-4',
    upstreamPath: '/v1/messages',
    text: FAKE_CLAUDE_TEXT,
    usage: { prompt: FAKE_ANTHROPIC_USAGE.input_tokens + FAKE_ANTHROPIC_USAGE.cache_read_input_tokens + FAKE_ANTHROPIC_USAGE.cache_creation_input_tokens, completion: FAKE_ANTHROPIC_USAGE.output_tokens, cached: FAKE_ANTHROPIC_USAGE.cache_read_input_tokens },
    cost: ((FAKE_ANTHROPIC_USAGE.input_tokens + FAKE_ANTHROPIC_USAGE.cache_creation_input_tokens) * 3 + FAKE_ANTHROPIC_USAGE.cache_read_input_tokens * 0.3 + FAKE_ANTHROPIC_USAGE.output_tokens * 15) / 1e6,
    toolCall: {
      kind: 'anthropic-json',
      body: { id: 'msg_tool', type: 'message', role: 'assistant', model: 'claude-sonnet-4', content: [{ type: 'tool_use', id: 'call_w1', name: 'weather', input: { city: 'Paris' } }], stop_reason: 'tool_use', stop_sequence: null, usage: { input_tokens: 30, output_tokens: 9 } },
    },
    reasoning: {
      kind: 'anthropic-json',
      body: { id: 'msg_think', type: 'message', role: 'assistant', model: 'claude-sonnet-4', content: [{ type: 'thinking', thinking: 'Let me think.', signature: 'sig' }, { type: 'text', text: 'Done.' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 } },
    },
    reasoningText: 'Let me think.',
  },
];

describe.each(KINDS)('openai SDK responses -> $label (converted)', (kind) => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;
  let other: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway();
    await gw.addProvider({ name: 'chat', baseUrl: `${fake.url}/v1`, keys: ['sk-chat-side-0001'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 2 }] });
    await gw.addProvider({ name: 'claude', apiType: 'anthropic', baseUrl: fake.url, keys: ['sk-ant-side-0001'], models: [{ id: 'claude-sonnet-4', prompt: 3, completion: 15, cached: 0.3 }] });
    token = (await gw.addToken({ max_amount: 5 })).key;
    other = (await gw.addToken({ max_amount: 5 })).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const upstreamText = (i = 0) => JSON.stringify(fake.requests[i]!.body);

  it('answers text as a response with a gateway id; usage, cost and request_type responses in the log', async () => {
    const response = await gw.client(token).responses.create({ model: kind.model, input: 'hello', instructions: 'be brief', max_output_tokens: 200 });
    expect(response.id).toMatch(/^resp_[0-9A-Za-z]{48}$/);
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: kind.model });
    expect(response.output_text).toBe(kind.text);
    expect(response.usage).toMatchObject({ input_tokens: kind.usage.prompt, output_tokens: kind.usage.completion });
    expect(fake.requests[0]!.path).toBe(kind.upstreamPath);
    expect(upstreamText()).toContain('be brief');
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'responses', model: kind.model, status_code: 200, prompt_tokens: kind.usage.prompt, completion_tokens: kind.usage.completion, cached_tokens: kind.usage.cached, usage_source: 'upstream' });
    expect(row.amount_spent).toBeCloseTo(kind.cost, 10);
  });

  it('streams the Responses event sequence, ending with response.completed and its usage', async () => {
    const stream = gw.client(token).responses.stream({ model: kind.model, input: 'hello' });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types).toEqual(expect.arrayContaining(['response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.done', 'response.output_item.done']));
    expect(types.at(-1)).toBe('response.completed');
    expect(final.output_text).toBe(kind.text);
    expect(final.usage).toMatchObject({ input_tokens: kind.usage.prompt, output_tokens: kind.usage.completion });
    const row = (await gw.logs()).at(-1)!;
    expect(row).toMatchObject({ request_type: 'responses_stream', status_code: 200, prompt_tokens: kind.usage.prompt, completion_tokens: kind.usage.completion, usage_source: 'upstream' });
  });

  it('carries a function-call round trip: function_call out, function_call_output back in', async () => {
    fake.enqueue(kind.toolCall);
    const client = gw.client(token);
    const first = await client.responses.create({ model: kind.model, input: 'weather in Paris?', tools });
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'weather', call_id: 'call_w1' });
    expect(JSON.parse((call as { arguments: string }).arguments)).toEqual({ city: 'Paris' });
    expect(upstreamText()).toContain('weather of a city');
    const input: ResponseInputItem[] = [{ role: 'user', content: 'weather in Paris?' }, call as ResponseInputItem, { type: 'function_call_output', call_id: 'call_w1', output: 'clear sky, 21 C' }];
    const second = await client.responses.create({ model: kind.model, input, tools });
    expect(second.output_text).toBe(kind.text);
    expect(upstreamText(1)).toContain('call_w1');
    expect(upstreamText(1)).toContain('clear sky, 21 C');
  });

  it('sends an image input on to the upstream', async () => {
    const image = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const response = await gw.client(token).responses.create({
      model: kind.model,
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is this?' }, { type: 'input_image', image_url: `data:image/png;base64,${image}`, detail: 'auto' }] }],
    });
    expect(response.output_text).toBe(kind.text);
    expect(upstreamText()).toContain(image);
  });

  it('answers reasoning as a reasoning item before the message', async () => {
    fake.enqueue(kind.reasoning);
    const response = await gw.client(token).responses.create({ model: kind.model, input: 'introduce yourself', reasoning: { effort: 'high' } });
    expect(response.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(JSON.stringify(response.output[0])).toContain(kind.reasoningText);
  });

  it('rebuilds a follow-up from the kept response (previous_response_id), stream or not, for its own token only', async () => {
    const client = gw.client(token);
    const first = await client.responses.create({ model: kind.model, input: 'My name is Ada.' });
    const second = client.responses.stream({ model: kind.model, input: 'What is my name?', previous_response_id: first.id });
    const secondFinal = await second.finalResponse();
    expect(secondFinal.previous_response_id).toBe(first.id);
    const third = await client.responses.create({ model: kind.model, input: 'And again?', previous_response_id: secondFinal.id });
    expect(third.output_text).toBe(kind.text);
    const sent = upstreamText(2);
    expect(sent).toContain('My name is Ada.');
    expect(sent).toContain('What is my name?');
    expect(sent).toContain('And again?');
    expect(sent.split(kind.text).length - 1).toBe(2);

    fake.reset();
    const err = await gw
      .client(other)
      .responses.create({ model: kind.model, input: 'whose?', previous_response_id: first.id })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err).toMatchObject({ status: 404, code: 'previous_response_not_found', param: 'previous_response_id' });
    expect(fake.requests).toHaveLength(0);
  });

  it('does not keep a response made with store: false', async () => {
    const client = gw.client(token);
    const unstored = await client.responses.create({ model: kind.model, input: 'forget me', store: false });
    const err = await client.responses.create({ model: kind.model, input: 'remember?', previous_response_id: unstored.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await gw.store.responses.find(unstored.id, null)).toBeUndefined();
  });
});
