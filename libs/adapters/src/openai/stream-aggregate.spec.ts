import { aggregateChatStream } from './stream-aggregate';
import { glmStreamTail, toSse } from '../../test/fixtures/samples';

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'deepseek-r1', system_fingerprint: 'fp_1' };

describe('aggregateChatStream', () => {
  it('joins content and reasoning_content and keeps unknown top-level fields', () => {
    const sse = toSse([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: null, reasoning_content: 'Think' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { reasoning_content: 'ing...' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }] },
      { ...base, request_id: 'req-9', choices: [{ index: 0, delta: { content: 'lo' }, finish_reason: 'stop' }] },
      { ...base, choices: [], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } },
    ]);
    expect(aggregateChatStream(sse)).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'deepseek-r1',
      system_fingerprint: 'fp_1',
      request_id: 'req-9',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello', reasoning_content: 'Thinking...' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
    });
  });

  it('merges tool calls split over chunks by their index', () => {
    const sse = toSse([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] } }] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city": "Par' } }] } }] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } }] } }] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'is"}' } }] } }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ]);
    const completion = aggregateChatStream(sse);
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
            { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          ],
        },
        finish_reason: 'tool_calls',
      },
    ]);
    expect(completion).not.toHaveProperty('usage');
  });

  it('keeps choices apart by index and takes the last usage (GLM puts it beside a choice)', () => {
    const sse = toSse([
      { ...base, choices: [{ index: 1, delta: { content: 'B' } }, { index: 0, delta: { content: 'A' } }], usage: null },
      { ...base, choices: [{ index: 0, delta: { content: '!' }, finish_reason: 'stop' }, { index: 1, delta: {}, finish_reason: 'length' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
      { ...base, choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } },
    ]);
    const completion = aggregateChatStream(sse);
    expect(completion.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'A!' }, finish_reason: 'stop' },
      { index: 1, message: { role: 'assistant', content: 'B' }, finish_reason: 'length' },
    ]);
    expect(completion.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });

    const glm = aggregateChatStream(glmStreamTail);
    expect(glm).toMatchObject({ id: '20250927183747dcdfb79bc9ad44b5', object: 'chat.completion', model: 'glm-4.5', usage: { total_tokens: 126 } });
    expect(glm.choices).toEqual([{ index: 0, message: { role: 'assistant', content: '.' }, finish_reason: 'stop' }]);
  });

  it('concatenates logprobs and keeps unknown choice and delta fields', () => {
    const sse = toSse([
      { ...base, choices: [{ index: 0, delta: { content: 'a', refusal: null }, logprobs: { content: [{ token: 'a' }] }, refs: ['r1'] }] },
      { ...base, choices: [{ index: 0, delta: { content: 'b' }, logprobs: { content: [{ token: 'b' }] }, refs: null, finish_reason: 'stop' }] },
    ]);
    expect(aggregateChatStream(sse).choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: 'ab', refusal: null },
        finish_reason: 'stop',
        logprobs: { content: [{ token: 'a' }, { token: 'b' }] },
        refs: ['r1'],
      },
    ]);
  });
});
