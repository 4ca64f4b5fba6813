import type { ChatCall } from '../types';
import { convertToolChoice, toAnthropicParams } from './request';
import { createAnthropicAdapter } from './adapter';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk';

function chatCall(body: Record<string, unknown>, overrides: Partial<ChatCall> = {}): ChatCall {
  return {
    provider: { name: 'claude', api_type: 'anthropic', base_url: 'https://api.anthropic.com/', models_endpoint: null },
    upstreamModel: 'claude-sonnet-4',
    body,
    stream: body.stream === true,
    clientHeaders: {},
    ...overrides,
  };
}

const conversation = {
  model: 'claude/claude-sonnet-4',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }, { type: 'text', text: 'Use tools.' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Compare these.' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
        { type: 'image_url', image_url: { url: 'https://img.example.com/b.jpg', detail: 'high' } },
      ],
    },
    {
      role: 'assistant',
      content: 'Checking.',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: 'not json' } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '12:00' }] },
    { role: 'user', content: 'And tomorrow?' },
    { role: 'user', content: '' },
  ],
  tools: [
    { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true } },
    { type: 'function', function: { name: 'get_time' } },
  ],
  tool_choice: 'required',
  parallel_tool_calls: false,
  max_completion_tokens: 300,
  max_tokens: 999,
  stop: 'END',
  temperature: 0.3,
  top_p: 0.9,
  user: 'user-42',
  stream: true,
  stream_options: { include_usage: true },
  frequency_penalty: 0,
  presence_penalty: null,
  response_format: { type: 'text' },
  logprobs: false,
  n: 1,
  seed: 7,
  store: false,
  metadata: { run: 'a' },
  service_tier: 'auto',
  prompt_cache_key: 'k',
  modalities: ['text'],
};

describe('anthropic buildChatRequest', () => {
  it('converts an OpenAI conversation field by field', () => {
    const call = chatCall(conversation);
    const req = createAnthropicAdapter().buildChatRequest(call, 'sk-ant-1');
    expect(req.url).toBe('https://api.anthropic.com/v1/messages');
    expect(req.headers).toEqual({ 'x-api-key': 'sk-ant-1', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' });
    expect(JSON.parse(req.body)).toEqual({
      model: 'claude-sonnet-4',
      max_tokens: 300,
      system: 'You are terse.\n\nAnswer in French.\nUse tools.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'image', source: { type: 'url', url: 'https://img.example.com/b.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
            { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '12:00' }] },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
      stop_sequences: ['END'],
      temperature: 0.3,
      top_p: 0.9,
      tools: [
        { name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
        { name: 'get_time', input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      metadata: { user_id: 'user-42' },
      stream: true,
    });
    expect(call.body).toBe(conversation);
    expect(conversation.model).toBe('claude/claude-sonnet-4');
  });

  it('takes max_tokens, else the configured default, and a stop array', () => {
    const simple = { messages: [{ role: 'user', content: 'hi' }] };
    const fromMaxTokens = toAnthropicParams({ ...simple, max_tokens: 55, stop: ['a', 'b'] }, 'm', false, 4096);
    expect(fromMaxTokens).toEqual({ model: 'm', max_tokens: 55, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stop_sequences: ['a', 'b'] });
    expect(toAnthropicParams({ ...simple, max_completion_tokens: null }, 'm', false, 4096).max_tokens).toBe(4096);
    const configured = createAnthropicAdapter({ defaultMaxTokens: 1234 }).buildChatRequest(chatCall(simple), 'k');
    expect(JSON.parse(configured.body)).toMatchObject({ max_tokens: 1234 });
    expect(JSON.parse(configured.body)).not.toHaveProperty('stream');
  });

  it('re-encodes a percent-encoded data URL', () => {
    const content = [{ type: 'image_url', image_url: { url: 'data:image/GIF,GIF89a%FF%00x' } }];
    const params = toAnthropicParams({ messages: [{ role: 'user', content }] }, 'm', false, 10);
    const data = Buffer.from([...Buffer.from('GIF89a'), 0xff, 0x00, 0x78]).toString('base64');
    expect(params.messages).toEqual([{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/gif', data } }] }]);
  });

  it.each([
    [{ n: 2 }, 'n'],
    [{ logprobs: true }, 'logprobs'],
    [{ top_logprobs: 3 }, 'top_logprobs'],
    [{ presence_penalty: 0.5 }, 'presence_penalty'],
    [{ frequency_penalty: -1 }, 'frequency_penalty'],
    [{ logit_bias: { '50256': -100 } }, 'logit_bias'],
    [{ audio: { voice: 'alloy', format: 'wav' } }, 'audio'],
    [{ modalities: ['text', 'audio'] }, 'modalities'],
    [{ moderation: { model: 'omni-moderation-latest' } }, 'moderation'],
    [{ web_search_options: {} }, 'web_search_options'],
    [{ functions: [{ name: 'f', parameters: {} }] }, 'functions'],
    [{ function_call: 'auto' }, 'function_call'],
    [{ tools: [{ type: 'function', function: { name: 'f' } }, { type: 'custom', custom: { name: 'grammar' } }] }, 'tools[1].type'],
    [{ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] }, 'messages[0].content[0].type'],
    [{ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] }, 'messages[0].content[0].type'],
    [{ messages: [{ role: 'user', content: 'x' }, { role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] }, 'messages[1].content[0].image_url.url'],
    [{ messages: [{ role: 'function', name: 'f', content: '1' }] }, 'messages[0].role'],
    [{ response_format: { type: 'grammar', grammar: 'x' } }, 'response_format.type'],
  ])('refuses %j with a 400 naming %s', (fields, param) => {
    const body = { messages: [{ role: 'user', content: 'hi' }], ...fields };
    expect(() => toAnthropicParams(body, 'claude-sonnet-4-5', false, 10)).toThrow(expect.objectContaining({ code: 'invalid_request', status: 400, param }));
  });

  it('sends safety_identifier as metadata.user_id, before user', () => {
    const params = toAnthropicParams({ messages: [], user: 'u', safety_identifier: 'hashed-1' }, 'm', false, 10);
    expect(params.metadata).toEqual({ user_id: 'hashed-1' });
  });

  it('passes anthropic-beta through and does not double /v1', () => {
    const call = chatCall({ messages: [] }, {
      clientHeaders: { 'anthropic-beta': ['prompt-caching-2024-07-31', 'output-128k-2025-02-19'], authorization: 'Bearer gw-token' },
      provider: { name: 'c', api_type: 'anthropic', base_url: 'https://relay.example.com/anthropic/v1/', models_endpoint: null },
    });
    const req = createAnthropicAdapter().buildChatRequest(call, 'k');
    expect(req.url).toBe('https://relay.example.com/anthropic/v1/messages');
    expect(req.headers['anthropic-beta']).toBe('prompt-caching-2024-07-31,output-128k-2025-02-19');
    expect(req.headers).not.toHaveProperty('authorization');
  });

  it('keeps Anthropic thinking sent by the client and leaves out tool_choice without tools', () => {
    const params = toAnthropicParams({ messages: [], thinking: { type: 'enabled', budget_tokens: 2048 }, tool_choice: 'auto' }, 'm', false, 4096);
    expect(params.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(params).not.toHaveProperty('tool_choice');
  });
});

describe('convertToolChoice', () => {
  it.each([
    ['auto', undefined, { type: 'auto' }],
    ['required', undefined, { type: 'any' }],
    ['none', undefined, { type: 'none' }],
    [{ type: 'function', function: { name: 'get_weather' } }, undefined, { type: 'tool', name: 'get_weather' }],
    [{ type: 'function', function: { name: 'get_weather' } }, false, { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true }],
    [undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
    ['none', false, { type: 'none' }],
    [undefined, true, null],
  ])('maps %j with parallel_tool_calls %j', (choice, parallel, expected) => {
    expect(convertToolChoice(choice, parallel)).toEqual(expected);
  });
});
