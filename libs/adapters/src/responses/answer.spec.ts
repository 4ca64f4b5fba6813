import { deepseekR1NonStream } from '@aigw/test-support';
import { checkResponseAgainstSdkTypes } from '../../test/responses-sdk';
import { chatToResponse } from './answer';
import type { ResponseContext } from './shared';

type Json = Record<string, unknown>;

function convert(chat: Json, context: ResponseContext): ReturnType<typeof chatToResponse> {
  const response = chatToResponse(chat, context);
  checkResponseAgainstSdkTypes(response);
  return response;
}

function ctx(request: Json = {}): ResponseContext {
  return { id: 'resp_abc', model: 'client-model', createdAt: 1700000000, request: { model: 'client-model', input: 'hi', ...request } };
}

function completion(message: Json, finishReason = 'stop', usage: Json | null = { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 }): Json {
  return { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'upstream-model', choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }], usage };
}

describe('chatToResponse', () => {
  it('converts a text answer into a completed response echoing the request settings', () => {
    const request = { instructions: 'Be brief.', temperature: 0.3, metadata: { k: 'v' }, store: false, text: { verbosity: 'low' }, reasoning: { effort: 'low' }, previous_response_id: 'resp_0' };
    const response = convert(completion({ content: 'Hello.' }), ctx(request));
    expect(response).toMatchObject({
      id: 'resp_abc',
      object: 'response',
      created_at: 1700000000,
      status: 'completed',
      model: 'client-model',
      error: null,
      incomplete_details: null,
      instructions: 'Be brief.',
      temperature: 0.3,
      metadata: { k: 'v' },
      store: false,
      text: { verbosity: 'low' },
      reasoning: { effort: 'low' },
      previous_response_id: 'resp_0',
      tools: [],
      tool_choice: 'auto',
      parallel_tool_calls: true,
      usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 4, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 14 },
    });
    expect(response.output).toEqual([
      { id: expect.stringMatching(/^msg_[0-9a-f]{32}$/), type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello.', annotations: [], logprobs: [] }] },
    ]);
    expect(typeof response.completed_at).toBe('number');
  });

  it('puts DeepSeek reasoning_content first as a reasoning item with reasoning_text, usage details converted', () => {
    const chat = structuredClone(deepseekR1NonStream) as unknown as Json;
    const response = convert(chat, ctx());
    expect(response.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(response.output[0]).toEqual({
      id: expect.stringMatching(/^rs_/),
      type: 'reasoning',
      status: 'completed',
      summary: [],
      content: [{ type: 'reasoning_text', text: 'The user wants a short self-introduction...' }],
    });
    expect(response.usage).toMatchObject({ input_tokens: 18, output_tokens: 158, output_tokens_details: { reasoning_tokens: 135 }, total_tokens: 176 });
  });

  it('turns tool calls into function_call items (call_id = chat tool call id) and custom tools into custom_tool_call items', () => {
    const request = { tools: [{ type: 'function', name: 'get_weather' }, { type: 'custom', name: 'apply_patch' }] };
    const response = convert(
      completion(
        {
          content: 'Let me do both.',
          tool_calls: [
            { id: 'call_w', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
            { id: 'call_p', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch\\n*** End Patch\\n"}' } },
          ],
        },
        'tool_calls',
      ),
      ctx(request),
    );
    expect(response.output).toEqual([
      expect.objectContaining({ type: 'message', content: [expect.objectContaining({ text: 'Let me do both.' })] }),
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', call_id: 'call_w', name: 'get_weather', arguments: '{"city":"Rome"}' },
      { id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n' },
    ]);
    expect(response.status).toBe('completed');
  });

  it('leaves out an empty message beside tool calls, and takes non-JSON custom arguments as the raw input', () => {
    const response = convert(
      completion({ content: '', tool_calls: [{ id: 'call_p', type: 'function', function: { name: 'apply_patch', arguments: 'raw text' } }] }, 'tool_calls'),
      ctx({ tools: [{ type: 'custom', name: 'apply_patch' }] }),
    );
    expect(response.output).toEqual([expect.objectContaining({ type: 'custom_tool_call', input: 'raw text' })]);
  });

  it('carries a refusal as a refusal content part', () => {
    const response = convert(completion({ content: null, refusal: 'I cannot help with that.' }), ctx());
    expect(response.output).toEqual([expect.objectContaining({ type: 'message', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] })]);
  });

  it.each([
    ['length', 'max_output_tokens'],
    ['content_filter', 'content_filter'],
  ])('marks finish_reason %s incomplete with reason %s', (finish, reason) => {
    const response = convert(completion({ content: 'Once upon' }, finish), ctx());
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason } });
    expect(response.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
    expect(response.completed_at).toBeNull();
  });

  it('reads cached tokens (DeepSeek prompt_cache_hit_tokens too) and omits usage the upstream did not send', () => {
    const usage = { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105, prompt_cache_hit_tokens: 64 };
    expect(convert(completion({ content: 'x' }, 'stop', usage), ctx()).usage).toMatchObject({ input_tokens: 100, input_tokens_details: { cached_tokens: 64 } });
    expect(convert(completion({ content: 'x' }, 'stop', null), ctx()).usage).toBeUndefined();
  });
});
