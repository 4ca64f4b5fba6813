import { GatewayError } from '@aigw/shared-errors';
import { anthropicToOpenAiRequest } from './request';

const base = { model: 'claude-x', max_tokens: 256 };

function convert(extra: Record<string, unknown>): Record<string, unknown> {
  return anthropicToOpenAiRequest({ ...base, messages: [{ role: 'user', content: 'hi' }], ...extra });
}

function errorOf(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError');
}

describe('anthropicToOpenAiRequest', () => {
  it('maps the envelope and scalar fields, keeping the model as given', () => {
    const out = convert({
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END', '###'],
      metadata: { user_id: 'u-42' },
      thinking: { type: 'enabled', budget_tokens: 1024 },
      top_k: 5,
    });
    expect(out).toEqual({
      model: 'claude-x',
      max_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END', '###'],
      user: 'u-42',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('asks for stream usage when streaming', () => {
    expect(convert({ stream: true })).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(convert({ stream: false })).not.toHaveProperty('stream');
  });

  it('turns a string system and text-block system into a first system message', () => {
    expect((convert({ system: 'be brief' }).messages as unknown[])[0]).toEqual({ role: 'system', content: 'be brief' });
    const blocks = convert({ system: [{ type: 'text', text: 'one', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'two' }] });
    expect((blocks.messages as unknown[])[0]).toEqual({ role: 'system', content: 'one\ntwo' });
    expect(convert({ system: '' }).messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('converts user text and both kinds of image source', () => {
    const out = convert({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'only one' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });
    expect(out.messages).toEqual([
      { role: 'user', content: 'only one' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'what is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
  });

  it('converts a tool_use / tool_result round, tool messages before the user text, thinking dropped', () => {
    const out = convert({
      messages: [
        { role: 'user', content: 'weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'need tools', signature: 'sig' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'also, be quick' },
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' },
            { type: 'tool_result', tool_use_id: 'toolu_2', is_error: true, content: [{ type: 'text', text: 'timeout' }, { type: 'text', text: 'retry later' }] },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_3', name: 'noop', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_3' }] },
      ],
    });
    expect(out.messages).toEqual([
      { role: 'user', content: 'weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18C' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'timeout\nretry later' },
      { role: 'user', content: 'also, be quick' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_3', type: 'function', function: { name: 'noop', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'toolu_3', content: '' },
    ]);
  });

  it('moves a tool_result image into the user message after the tool messages', () => {
    const out = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'screenshot:' }, { type: 'image', source: { type: 'url', url: 'https://x/s.png' } }] },
          ],
        },
      ],
    });
    expect(out.messages).toEqual([
      { role: 'tool', tool_call_id: 't1', content: 'screenshot:' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/s.png' } }] },
    ]);
  });

  it('maps tools, dropping server tools without input_schema', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const out = convert({
      tools: [
        { name: 'get_weather', description: 'Weather by city', input_schema: schema, cache_control: { type: 'ephemeral' } },
        { name: 'plain', input_schema: { type: 'object' } },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
      ],
    });
    expect(out.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: schema } },
      { type: 'function', function: { name: 'plain', parameters: { type: 'object' } } },
    ]);
  });

  it.each([
    [{ type: 'auto' }, 'auto', undefined],
    [{ type: 'any' }, 'required', undefined],
    [{ type: 'none' }, 'none', undefined],
    [{ type: 'tool', name: 'get_weather' }, { type: 'function', function: { name: 'get_weather' } }, undefined],
    [{ type: 'auto', disable_parallel_tool_use: true }, 'auto', false],
    [{ type: 'tool', name: 'get_weather', disable_parallel_tool_use: true }, { type: 'function', function: { name: 'get_weather' } }, false],
    [{ type: 'any', disable_parallel_tool_use: false }, 'required', undefined],
  ])('maps tool_choice %j', (choice, expected, parallel) => {
    const out = convert({ tools: [{ name: 'get_weather', input_schema: { type: 'object' } }], tool_choice: choice });
    expect(out.tool_choice).toEqual(expected);
    expect(out.parallel_tool_calls).toBe(parallel);
  });

  it('leaves tool_choice out when no tool survives', () => {
    const out = convert({ tool_choice: { type: 'any', disable_parallel_tool_use: true } });
    expect(out).not.toHaveProperty('tool_choice');
    expect(out).not.toHaveProperty('parallel_tool_calls');
  });

  it.each([
    [{ messages: [] }, 'model'],
    [{ model: 7, max_tokens: 1, messages: [] }, 'model'],
    [{ model: 'm', max_tokens: 1 }, 'messages'],
    [{ model: 'm', max_tokens: 1, messages: 'hi' }, 'messages'],
    [{ model: 'm', messages: [] }, 'max_tokens'],
    [{ model: 'm', max_tokens: '100', messages: [] }, 'max_tokens'],
    [{ model: 'm', max_tokens: 1, messages: [{ role: 'bot', content: 'x' }] }, 'messages.0.role'],
    [{ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 5 }] }, 'messages.0.content'],
    [{ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] }, 'messages.0.content.0.source.type'],
    [{ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: [{ type: 'tool_result' }] }] }, 'messages.0.content.0.tool_use_id'],
    [{ model: 'm', max_tokens: 1, messages: [], temperature: 'hot' }, 'temperature'],
    [{ model: 'm', max_tokens: 1, messages: [], tool_choice: { type: 'maybe' } }, 'tool_choice.type'],
  ])('rejects %j with invalid_request naming %s', (body, param) => {
    const err = errorOf(() => anthropicToOpenAiRequest(body));
    expect(err.code).toBe('invalid_request');
    expect(err.status).toBe(400);
    expect(err.param).toBe(param);
    expect(err.message).toContain(param);
  });

  it('does not mutate the client body', () => {
    const body = { ...base, system: [{ type: 'text', text: 's' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] };
    const copy = JSON.parse(JSON.stringify(body));
    anthropicToOpenAiRequest(body);
    expect(body).toEqual(copy);
  });
});
