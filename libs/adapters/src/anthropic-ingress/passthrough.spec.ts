import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCountTokensPassthrough, buildMessagesPassthrough, createMessagesTap, readMessagesUsage } from './passthrough';

const toolSample = readFileSync(join(__dirname, '..', 'anthropic', 'fixtures', 'anthropic-stream-tool.sse'));

describe('buildMessagesPassthrough', () => {
  it('sends the client body untouched except the model, with Anthropic headers', () => {
    const body = { model: 'claude/sonnet', max_tokens: 100, system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'hi' }], top_k: 3 };
    const req = buildMessagesPassthrough(body, 'claude-sonnet-4', 'sk-ant', 'https://api.anthropic.com/', { 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'x-api-key': 'gw-token' });
    expect(req.url).toBe('https://api.anthropic.com/v1/messages');
    expect(req.headers).toEqual({ 'x-api-key': 'sk-ant', 'anthropic-version': '2023-06-01', 'content-type': 'application/json', 'anthropic-beta': 'interleaved-thinking-2025-05-14' });
    expect(req.body).toBe(JSON.stringify({ ...body, model: 'claude-sonnet-4' }));
    expect(body.model).toBe('claude/sonnet');
  });
});

describe('buildCountTokensPassthrough', () => {
  it('sends the count_tokens body untouched except the model to /v1/messages/count_tokens, with the headers of a message', () => {
    const body = { model: 'claude/sonnet', system: 's', messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 't', input_schema: { type: 'object' } }] };
    const req = buildCountTokensPassthrough(body, 'claude-sonnet-4', 'sk-ant', 'https://relay.example.com/v1/', { 'anthropic-beta': ['a-1', 'b-2'] });
    expect(req.url).toBe('https://relay.example.com/v1/messages/count_tokens');
    expect(req.headers).toEqual({ 'x-api-key': 'sk-ant', 'anthropic-version': '2023-06-01', 'content-type': 'application/json', 'anthropic-beta': 'a-1,b-2' });
    expect(req.body).toBe(JSON.stringify({ ...body, model: 'claude-sonnet-4' }));
  });
});

describe('readMessagesUsage', () => {
  it('counts cache reads and writes into the prompt and cache reads as cached', () => {
    const usage = { input_tokens: 7, output_tokens: 9, cache_read_input_tokens: 100, cache_creation_input_tokens: 3 };
    expect(readMessagesUsage({ type: 'message', usage })).toEqual({ prompt_tokens: 110, completion_tokens: 9, total_tokens: 119, cached_tokens: 100, reasoning_tokens: 0 });
    expect(readMessagesUsage({ type: 'message' })).toBeNull();
    expect(readMessagesUsage('nope')).toBeNull();
  });
});

describe('createMessagesTap', () => {
  it.each([1, 13, 100000])('returns the same bytes and taps usage, model and text when fed %i bytes at a time', (size) => {
    const tap = createMessagesTap();
    const outputs: Buffer[] = [];
    for (let i = 0; i < toolSample.length; i += size) {
      const piece = toolSample.subarray(i, i + size);
      const out = tap.push(piece);
      expect(out).toBe(piece);
      outputs.push(Buffer.from(out));
    }
    expect(tap.end()).toBe('');
    expect(Buffer.concat(outputs).equals(toolSample)).toBe(true);
    expect(tap.usage()).toEqual({ prompt_tokens: 600, completion_tokens: 89, total_tokens: 689, cached_tokens: 128, reasoning_tokens: 0 });
    expect(tap.responseModel()).toBe('claude-sonnet-4');
    expect(tap.outputText()).toBe('Let me check the weather.get_weather{"city": "Paris"}');
  });

  it('has no usage before message_start arrives', () => {
    const tap = createMessagesTap();
    tap.push(Buffer.from('event: ping\ndata: {"type":"ping"}\n\n'));
    expect(tap.usage()).toBeNull();
    expect(tap.responseModel()).toBeNull();
  });
});
