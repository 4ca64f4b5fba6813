import type { Message } from '@anthropic-ai/sdk/resources/messages';
import type { ChatCall } from '../types';
import { createAnthropicAdapter } from './adapter';
import { toAnthropicParams } from './request';
import { hasNativeStructuredOutput } from './structured-output';

const schema = { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } }, required: ['city', 'temp'], additionalProperties: false };
const jsonSchema = { type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } };
const ask = { messages: [{ role: 'user', content: 'Weather in Paris?' }] };

function call(body: Record<string, unknown>, upstreamModel: string): ChatCall {
  return { provider: { name: 'c', api_type: 'anthropic', base_url: 'https://api.anthropic.com', models_endpoint: null }, upstreamModel, body, stream: body.stream === true, clientHeaders: {} };
}

function toolMessage(input: unknown, name = 'weather'): Message {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-3-5-haiku-20241022',
    content: [{ type: 'tool_use', id: 'toolu_1', name, input, caller: { type: 'direct' } }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  } as unknown as Message;
}

function sse(events: object[]): Buffer {
  return Buffer.from(events.map((e) => `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n`).join(''));
}

describe('hasNativeStructuredOutput', () => {
  it.each([
    ['claude-sonnet-4-5', true],
    ['claude-sonnet-4-5-20250929', true],
    ['claude-opus-4-1', true],
    ['claude-haiku-4-5', true],
    ['claude-opus-4-6', true],
    ['anthropic/claude-sonnet-4-5', true],
    ['claude-3-5-haiku-20241022', false],
    ['claude-3-7-sonnet-latest', false],
    ['claude-sonnet-4-20250514', false],
    ['claude-opus-4-0', false],
    ['claude-sonnet-4', false],
    ['claude-opus-4', false],
    ['claude-sonnet-4@20250514', false],
    ['anthropic/claude-sonnet-4', false],
    ['deepseek-chat', false],
    ['glm-4.6', false],
  ])('%s: %s', (model, expected) => {
    expect(hasNativeStructuredOutput(model)).toBe(expected);
  });
});

describe('response_format to anthropic', () => {
  it('sends a json_schema as output_config.format to a model that has structured outputs, description in the schema', () => {
    const format = { type: 'json_schema', json_schema: { name: 'weather', description: 'The weather', schema } };
    const params = toAnthropicParams({ ...ask, response_format: format }, 'claude-sonnet-4-5', false, 100);
    expect(params.output_config).toEqual({ format: { type: 'json_schema', schema: { ...schema, description: 'The weather' } } });
    expect(params).not.toHaveProperty('tools');
    expect(params).not.toHaveProperty('tool_choice');
  });

  it('sends a json_schema as one forced tool to an older model', () => {
    const params = toAnthropicParams({ ...ask, response_format: jsonSchema }, 'claude-3-5-haiku-20241022', false, 100);
    expect(params).not.toHaveProperty('output_config');
    expect(params.tools).toEqual([{ name: 'weather', description: expect.any(String), input_schema: schema }]);
    expect(params.tool_choice).toEqual({ type: 'tool', name: 'weather' });
  });

  it('sends json_object as a forced tool taking any object, whatever the model', () => {
    const params = toAnthropicParams({ ...ask, response_format: { type: 'json_object' } }, 'claude-sonnet-4-5', false, 100);
    expect(params.tools).toEqual([{ name: 'json_object', description: expect.any(String), input_schema: { type: 'object' } }]);
    expect(params.tool_choice).toEqual({ type: 'tool', name: 'json_object' });
  });

  it('adds the format tool beside the client tools with tool_choice any', () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    const params = toAnthropicParams({ ...ask, tools, response_format: { type: 'json_object' }, parallel_tool_calls: false }, 'm', false, 100);
    expect(params.tools?.map((t) => (t as { name: string }).name)).toEqual(['lookup', 'json_object']);
    expect(params.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
  });

  it('refuses a tool answer with thinking, a non-object schema and a name clash', () => {
    const thinking = { type: 'enabled', budget_tokens: 2000 };
    expect(() => toAnthropicParams({ ...ask, thinking, response_format: { type: 'json_object' } }, 'claude-sonnet-4-5', false, 4000)).toThrow(
      expect.objectContaining({ param: 'response_format' }),
    );
    expect(toAnthropicParams({ ...ask, thinking, response_format: jsonSchema }, 'claude-sonnet-4-5', false, 4000).output_config).toBeDefined();
    const list = { type: 'json_schema', json_schema: { name: 'l', schema: { type: 'array' } } };
    expect(() => toAnthropicParams({ ...ask, response_format: list }, 'glm-4.6', false, 10)).toThrow(expect.objectContaining({ param: 'response_format.json_schema.schema' }));
    const tools = [{ type: 'function', function: { name: 'weather' } }];
    expect(() => toAnthropicParams({ ...ask, tools, response_format: jsonSchema }, 'glm-4.6', false, 10)).toThrow(expect.objectContaining({ param: 'response_format.json_schema.name' }));
  });

  it('leaves response_format text as no format at all', () => {
    const params = toAnthropicParams({ ...ask, response_format: { type: 'text' } }, 'claude-sonnet-4-5', false, 100);
    expect(params).not.toHaveProperty('output_config');
    expect(params).not.toHaveProperty('tools');
  });
});

describe('the format tool answer back to the client', () => {
  const adapter = createAnthropicAdapter();

  it('non-stream: the tool input is the content and the finish reason stop', () => {
    const c = call({ ...ask, response_format: jsonSchema }, 'claude-3-5-haiku-20241022');
    const result = adapter.readChatResponse(Buffer.from(JSON.stringify(toolMessage({ city: 'Paris', temp: 21 }))), 'application/json', c);
    const completion = JSON.parse(String(result.body));
    expect(completion.choices[0].message).toEqual({ role: 'assistant', content: '{"city":"Paris","temp":21}', refusal: null });
    expect(completion.choices[0].finish_reason).toBe('stop');
  });

  it('non-stream: another tool called stays a tool call', () => {
    const c = call({ ...ask, response_format: jsonSchema }, 'claude-3-5-haiku-20241022');
    const result = adapter.readChatResponse(Buffer.from(JSON.stringify(toolMessage({ q: 1 }, 'lookup'))), 'application/json', c);
    const completion = JSON.parse(String(result.body));
    expect(completion.choices[0].message.tool_calls[0].function).toEqual({ name: 'lookup', arguments: '{"q":1}' });
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
  });

  it('stream: the tool input deltas are content deltas, and the stream finishes with stop', () => {
    const c = call({ ...ask, response_format: jsonSchema, stream: true }, 'claude-3-5-haiku-20241022');
    const relay = adapter.createStreamRelay(c);
    const events = [
      { type: 'message_start', message: { id: 'msg_1', model: 'claude-3-5-haiku-20241022', usage: { input_tokens: 10, output_tokens: 1 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"city": "Par' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: 'is", "temp": 21}' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ];
    const out = String(relay.push(sse(events))) + String(relay.end());
    const chunks = out
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)));
    const content = chunks.map((ch) => ch.choices[0]?.delta?.content ?? '').join('');
    expect(content).toBe('{"city": "Paris", "temp": 21}');
    expect(chunks.some((ch) => ch.choices[0]?.delta?.tool_calls)).toBe(false);
    expect(chunks.map((ch) => ch.choices[0]?.finish_reason).filter(Boolean)).toEqual(['stop']);
  });
});
