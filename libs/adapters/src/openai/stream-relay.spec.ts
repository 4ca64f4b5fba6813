import { createOpenAiStreamRelay } from './stream-relay';
import { deepseekR1StreamTail, glmStreamTail, toSse } from '../../test/fixtures/samples';

/** Pushes `text` through a relay in pieces of `size` bytes and returns what came out. */
function relayInPieces(text: string, size: number) {
  const relay = createOpenAiStreamRelay();
  const input = Buffer.from(text, 'utf8');
  const outputs: Buffer[] = [];
  for (let i = 0; i < input.length; i += size) {
    const piece = input.subarray(i, i + size);
    const out = relay.push(piece);
    expect(out).toBe(piece);
    outputs.push(Buffer.from(out));
  }
  expect(relay.end()).toBe('');
  return { relay, output: Buffer.concat(outputs).toString('utf8') };
}

describe('createOpenAiStreamRelay', () => {
  it.each([1, 7, 64, 100000])('finds the usage of a choices: [] chunk when fed %i bytes at a time', (size) => {
    const { relay, output } = relayInPieces(deepseekR1StreamTail, size);
    expect(output).toBe(deepseekR1StreamTail);
    expect(relay.usage()).toEqual({ prompt_tokens: 16, completion_tokens: 237, total_tokens: 253, cached_tokens: 0, reasoning_tokens: 201 });
    expect(relay.responseModel()).toBe('DeepSeek-R1-0528');
    expect(relay.outputText()).toBe('!');
  });

  it('finds GLM usage carried by the last chunk that still has a choice', () => {
    const { relay } = relayInPieces(glmStreamTail, 3);
    expect(relay.usage()).toEqual({ prompt_tokens: 18, completion_tokens: 108, total_tokens: 126, cached_tokens: 0, reasoning_tokens: 0 });
    expect(relay.responseModel()).toBe('glm-4.5');
  });

  it('keeps the last usage seen and is not reset by usage: null chunks', () => {
    const sse = toSse([
      { model: 'm', choices: [{ index: 0, delta: { content: 'x' } }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } },
      { model: 'm', choices: [], usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 } },
      { model: 'm', choices: [], usage: null },
    ]);
    expect(relayInPieces(sse, 5).relay.usage()?.total_tokens).toBe(30);
  });

  it('collects content, reasoning and tool call text for estimates, multi-byte text split included', () => {
    const sse = toSse([
      { choices: [{ index: 0, delta: { reasoning_content: '想一想', reasoning: '想一想' } }] },
      { choices: [{ index: 0, delta: { content: '你好' } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{"a":' } }] } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] } }] },
    ]);
    const { relay } = relayInPieces(sse, 1);
    expect(relay.outputText()).toBe('想一想你好f{"a":1}');
    expect(relay.usage()).toBeNull();
    expect(relay.responseModel()).toBeNull();
  });

  it('reads a last event the upstream ended without a blank line', () => {
    const relay = createOpenAiStreamRelay();
    relay.push(Buffer.from('data: {"choices":[],"usage":{"prompt_tokens":2,"completion_tokens":3}}'));
    expect(relay.usage()).toBeNull();
    relay.end();
    expect(relay.usage()?.total_tokens).toBe(5);
  });
});
