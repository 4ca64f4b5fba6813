import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { formatSseData, SSE_DONE } from '../sse';
import { anthropicToOpenAiRequest } from './request';
import { openAiToAnthropicMessage } from './message';
import { createOpenAiToAnthropicStream } from './stream';

/**
 * The official Anthropic SDK against a tiny local server that plays the gateway: it converts the
 * SDK's request to the OpenAI form (recorded for checks) and answers with a scripted OpenAI
 * upstream answer converted back by this folder's functions.
 */

type Json = Record<string, unknown>;

function chunk(delta: Json, finishReason: string | null = null): Json {
  return { id: 'chatcmpl-rt', object: 'chat.completion.chunk', created: 1, model: 'gpt-up', choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

const USAGE = { prompt_tokens: 500, completion_tokens: 42, total_tokens: 542, prompt_tokens_details: { cached_tokens: 128 } };

const TOOL_STREAM = [
  chunk({ role: 'assistant', reasoning_content: 'Need the weather ' }),
  chunk({ reasoning_content: 'tool.' }),
  chunk({ content: 'Let me check ' }),
  chunk({ content: 'the weather.' }),
  chunk({ tool_calls: [{ index: 0, id: 'call_w', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Par' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: 'is", "days": 2}' } }] }),
  chunk({ tool_calls: [{ index: 1, id: 'call_t', type: 'function', function: { name: 'get_time', arguments: '{"tz":"Europe/Paris"}' } }] }),
  chunk({}, 'tool_calls'),
  { id: 'chatcmpl-rt', object: 'chat.completion.chunk', choices: [], usage: USAGE },
];

const ERROR_STREAM = [chunk({ content: 'partial' }), { error: { message: 'upstream exploded', type: 'upstream_error' } }];

const COMPLETION = {
  id: 'chatcmpl-rt',
  object: 'chat.completion',
  model: 'gpt-up',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_w', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }] },
      finish_reason: 'tool_calls',
    },
  ],
  usage: USAGE,
};

let server: Server;
let client: Anthropic;
let upstreamChunks: Json[] = TOOL_STREAM;
const received: Json[] = [];

async function readBody(req: IncomingMessage): Promise<Json> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as Json;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const openAi = anthropicToOpenAiRequest(body);
  received.push(openAi);
  const model = body.model as string;
  if (openAi.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(openAiToAnthropicMessage(COMPLETION, model)));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const converter = createOpenAiToAnthropicStream(model);
  const upstream = Buffer.from(upstreamChunks.map((c) => formatSseData(c)).join('') + SSE_DONE, 'utf8');
  // Odd-sized pieces so event and UTF-8 boundaries fall anywhere.
  for (let i = 0; i < upstream.length; i += 7) res.write(converter.push(upstream.subarray(i, i + 7)));
  res.end(converter.end());
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: String(err) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new Anthropic({ baseURL: `http://127.0.0.1:${port}`, apiKey: 'x', maxRetries: 0 });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  upstreamChunks = TOOL_STREAM;
});

const TOOLS: Anthropic.Tool[] = [
  { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'number' } } } },
  { name: 'get_time', input_schema: { type: 'object', properties: { tz: { type: 'string' } } } },
];

describe('the Anthropic SDK through the ingress conversion', () => {
  it('streams thinking, text and two tool_use blocks into a correct finalMessage', async () => {
    const texts: string[] = [];
    const stream = client.messages.stream({
      model: 'openai/gpt-up',
      max_tokens: 512,
      system: 'You are terse.',
      tools: TOOLS,
      tool_choice: { type: 'auto', disable_parallel_tool_use: false },
      messages: [{ role: 'user', content: 'Weather and time in Paris?' }],
    });
    stream.on('text', (t) => texts.push(t));
    const message = await stream.finalMessage();

    expect(message.id).toBe('msg_rt');
    expect(message.model).toBe('openai/gpt-up');
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Need the weather tool.', signature: '' },
      { type: 'text', text: 'Let me check the weather.' },
      { type: 'tool_use', id: 'call_w', name: 'get_weather', input: { city: 'Paris', days: 2 } },
      { type: 'tool_use', id: 'call_t', name: 'get_time', input: { tz: 'Europe/Paris' } },
    ]);
    expect(texts.join('')).toBe('Let me check the weather.');
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 372, output_tokens: 42, cache_read_input_tokens: 128 });

    expect(received[0]).toMatchObject({
      model: 'openai/gpt-up',
      max_tokens: 512,
      stream: true,
      tool_choice: 'auto',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather and time in Paris?' },
      ],
    });
    expect(received[0]?.tools).toHaveLength(2);
  });

  it('sends the tool results of the next turn as tool messages', async () => {
    await client.messages.stream({
      model: 'm',
      max_tokens: 64,
      tools: TOOLS,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'call_w', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_w', content: '18C, sunny' }] },
      ],
    }).finalMessage();
    expect(received[0]?.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_w', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_w', content: '18C, sunny' },
    ]);
  });

  it('returns a non-stream Message with a tool_use input object', async () => {
    const message = await client.messages.create({ model: 'claude-alias', max_tokens: 64, tools: TOOLS, messages: [{ role: 'user', content: 'Rome?' }] });
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_w', name: 'get_weather', input: { city: 'Rome' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 372, output_tokens: 42, cache_read_input_tokens: 128, cache_creation_input_tokens: 0 });
    expect(received[0]).not.toHaveProperty('stream');
  });

  it('surfaces a mid-stream upstream error as an SDK APIError', async () => {
    upstreamChunks = ERROR_STREAM;
    const stream = client.messages.stream({ model: 'm', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    await expect(stream.finalMessage()).rejects.toThrow(/upstream exploded/);
  });
});
