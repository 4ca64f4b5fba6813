import { GatewayError } from '@aigw/shared-errors';
import { openAiToAnthropicMessage } from './message';

function completion(message: Record<string, unknown>, finishReason: string | null, usage?: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'chatcmpl-abc123',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-upstream',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
    ...(usage ? { usage } : {}),
  };
}

describe('openAiToAnthropicMessage', () => {
  it('converts a text answer with usage, using the requested model', () => {
    const out = openAiToAnthropicMessage(completion({ content: 'Hello!' }, 'stop', { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 }), 'claude-x');
    expect(out).toEqual({
      id: 'msg_abc123',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 3, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
  });

  it('puts reasoning first as a thinking block, then text, then tool_use blocks', () => {
    const out = openAiToAnthropicMessage(
      completion(
        {
          reasoning_content: 'The user wants weather.',
          content: 'Let me check.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'broken', arguments: '{"city":' } },
          ],
        },
        'tool_calls',
      ),
      'claude-x',
    );
    expect(out.content).toEqual([
      { type: 'thinking', thinking: 'The user wants weather.', signature: '' },
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_2', name: 'broken', input: {} },
    ]);
    expect(out.stop_reason).toBe('tool_use');
  });

  it('gives a tool call without id a toolu_ id and leaves no text block for null content', () => {
    const out = openAiToAnthropicMessage(completion({ content: null, tool_calls: [{ function: { name: 'f', arguments: '' } }] }, 'tool_calls'), 'm');
    const content = out.content as Array<Record<string, unknown>>;
    expect(content).toHaveLength(1);
    expect(content[0]).toMatchObject({ type: 'tool_use', name: 'f', input: {} });
    expect(content[0]?.id).toMatch(/^toolu_[0-9a-f]{32}$/);
  });

  it.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['tool_calls', 'tool_use'],
    ['content_filter', 'refusal'],
    ['something_else', 'end_turn'],
    [null, 'end_turn'],
  ])('maps finish_reason %s to %s', (finish, stop) => {
    expect(openAiToAnthropicMessage(completion({ content: 'x' }, finish), 'm').stop_reason).toBe(stop);
  });

  it('subtracts cached tokens from input tokens and reports them as cache reads', () => {
    const out = openAiToAnthropicMessage(
      completion({ content: 'x' }, 'stop', { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 800 } }),
      'm',
    );
    expect(out.usage).toEqual({ input_tokens: 200, output_tokens: 50, cache_read_input_tokens: 800, cache_creation_input_tokens: 0 });
  });

  it('keeps a msg_ id, makes one when the upstream sent none, and reports zero usage when absent', () => {
    expect(openAiToAnthropicMessage({ ...completion({ content: 'x' }, 'stop'), id: 'msg_keep' }, 'm').id).toBe('msg_keep');
    const out = openAiToAnthropicMessage({ choices: [{ message: { content: 'x' }, finish_reason: 'stop' }] }, 'm');
    expect(out.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(out.usage).toEqual({ input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
  });

  it('throws upstream_error for an answer without choices', () => {
    expect(() => openAiToAnthropicMessage({ id: 'x', choices: [] }, 'm')).toThrow(GatewayError);
    expect(() => openAiToAnthropicMessage('nope', 'm')).toThrow(expect.objectContaining({ code: 'upstream_error', status: 502 }));
  });
});
