import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayError } from '@aigw/shared-errors';
import { checkAgainstSdkTypes, checkSequence, sseEvents, throughSdk, type Ev } from '../../test/responses-sdk';
import { formatSseData, SSE_DONE } from '../sse';
import { responsesToChatRequest } from './request';
import { createChatToResponsesStream } from './stream';

/**
 * A Codex CLI request (fixtures/codex-request.json, written from the codex-rs source) converted for a
 * chat-only upstream, and that upstream's stream converted back, checked event by event.
 */

type Json = Record<string, unknown>;
const codex = JSON.parse(readFileSync(join(__dirname, 'fixtures/codex-request.json'), 'utf8')) as Json;

function chunk(delta: Json, finishReason: string | null = null): Json {
  return { id: 'chatcmpl-c', object: 'chat.completion.chunk', created: 1, model: 'deepseek-chat', choices: [{ index: 0, delta, finish_reason: finishReason }] };
}

describe('a Codex CLI request through a chat-only upstream', () => {
  const chat = responsesToChatRequest(codex);

  it('becomes a chat request: instructions, developer and user context, the earlier turn with both tool kinds', () => {
    const messages = chat.messages as Json[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'system', 'user', 'user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'user']);
    expect(messages[0]?.content).toMatch(/^You are Codex/);
    expect(messages[2]?.content).toEqual([expect.objectContaining({ type: 'text', text: expect.stringMatching(/^# AGENTS\.md/) }), expect.objectContaining({ type: 'text' })]);
    // That turn ended before the last user message: its reasoning is not sent back.
    expect(messages[4]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_9sKx2mB1', type: 'function', function: { name: 'shell_command', arguments: '{"command":"cat src/calc.js","workdir":"/home/dev/calc"}' } }],
    });
    expect(messages[5]).toMatchObject({ role: 'tool', tool_call_id: 'call_9sKx2mB1' });
    const patchCall = (messages[6]?.tool_calls as Json[])[0] as { function: { name: string; arguments: string } };
    expect(messages[6]).not.toHaveProperty('reasoning_content');
    expect(patchCall.function.name).toBe('apply_patch');
    expect(JSON.parse(patchCall.function.arguments)).toEqual({ input: expect.stringMatching(/^\*\*\* Begin Patch\n\*\*\* Update File: src\/calc\.js\n/) });
    expect(messages[7]).toMatchObject({ role: 'tool', tool_call_id: 'call_Q7w1ZpXe' });
  });

  it('keeps the parameters chat can express and drops the Responses-server-only ones', () => {
    const { messages: _messages, tools, ...rest } = chat;
    expect(rest).toEqual({
      model: 'gpt-5.1',
      tool_choice: 'auto',
      parallel_tool_calls: false,
      reasoning_effort: 'medium',
      stream: true,
      stream_options: { include_usage: true },
      prompt_cache_key: '0199a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
      verbosity: 'low',
    });
    expect((tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual(['shell_command', 'update_plan', 'apply_patch', 'view_image']);
    const applyPatch = (tools as { function: Json }[])[2]?.function;
    expect(applyPatch?.description).toContain('start: begin_patch hunk+ end_patch');
    expect(applyPatch?.parameters).toMatchObject({ required: ['input'] });
  });

  it('is refused with a 400 naming the tool when Codex has web search on', () => {
    const tools = [...(codex.tools as Json[]), { type: 'web_search', external_web_access: false }];
    expect(() => responsesToChatRequest({ ...codex, tools })).toThrow(GatewayError);
    expect(() => responsesToChatRequest({ ...codex, tools })).toThrow(/tools\[4\]\.type: built-in tool type 'web_search'/);
  });

  it('gets the upstream stream back as Responses events: reasoning, text, a shell call and an apply_patch call', async () => {
    const patch = '*** Begin Patch\n*** Update File: test/calc.test.js\n@@\n+test("subtract", () => expect(subtract(3, 1)).toBe(2));\n*** End Patch\n';
    const patchArgs = JSON.stringify({ input: patch });
    const upstream = [
      chunk({ role: 'assistant', content: null, reasoning_content: 'Run npm test' }),
      chunk({ reasoning_content: ' in the workdir.' }),
      chunk({ content: 'Running the tests.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_t1', type: 'function', function: { name: 'shell_command', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"command":"npm ' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'test","workdir":"/home/dev/calc"}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_p1', type: 'function', function: { name: 'apply_patch', arguments: patchArgs.slice(0, 20) } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: patchArgs.slice(20) } }] }),
      chunk({}, 'tool_calls'),
      { id: 'chatcmpl-c', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 2100, completion_tokens: 90, total_tokens: 2190, prompt_cache_hit_tokens: 2048 } },
    ];
    const text = upstream.map(formatSseData).join('') + SSE_DONE;
    const stream = createChatToResponsesStream({ id: 'resp_codex', model: 'gpt-5.1', createdAt: 1764590000, request: codex });
    let out = '';
    for (let i = 0; i < text.length; i += 37) out += stream.push(text.slice(i, i + 37));
    out += stream.end();

    const events = sseEvents(out);
    checkSequence(events);
    checkAgainstSdkTypes(events);
    const summary = events.map((e: Ev) => (e.type === 'response.output_item.added' || e.type === 'response.output_item.done' ? `${e.type}:${e.item.type}` : e.type));
    expect(summary).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added:reasoning',
      'response.content_part.added',
      'response.reasoning_text.delta',
      'response.reasoning_text.delta',
      'response.reasoning_text.done',
      'response.content_part.done',
      'response.output_item.done:reasoning',
      'response.output_item.added:message',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done:message',
      'response.output_item.added:function_call',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.output_item.added:custom_tool_call',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.delta',
      'response.function_call_arguments.done',
      'response.output_item.done:function_call',
      'response.custom_tool_call_input.done',
      'response.output_item.done:custom_tool_call',
      'response.completed',
    ]);
    const completed = events[events.length - 1] as Ev & { response: Json };
    expect(completed.response).toMatchObject({
      id: 'resp_codex',
      model: 'gpt-5.1',
      store: false,
      parallel_tool_calls: false,
      reasoning: { effort: 'medium', summary: 'auto' },
      usage: { input_tokens: 2100, input_tokens_details: { cached_tokens: 2048 }, output_tokens: 90, total_tokens: 2190 },
    });

    const { events: sdkEvents, final } = await throughSdk(out);
    expect(sdkEvents.map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(final.output).toEqual([
      expect.objectContaining({ type: 'reasoning', content: [{ type: 'reasoning_text', text: 'Run npm test in the workdir.' }] }),
      expect.objectContaining({ type: 'message', content: [expect.objectContaining({ text: 'Running the tests.' })] }),
      expect.objectContaining({ type: 'function_call', call_id: 'call_t1', name: 'shell_command', arguments: '{"command":"npm test","workdir":"/home/dev/calc"}' }),
      expect.objectContaining({ type: 'custom_tool_call', call_id: 'call_p1', name: 'apply_patch', input: patch }),
    ]);
    // Codex sends these items back with the tool outputs; within the turn the reasoning rides along.
    const outputs = [
      { type: 'function_call_output', call_id: 'call_t1', output: 'Exit code: 0' },
      { type: 'custom_tool_call_output', call_id: 'call_p1', output: 'Success.' },
    ];
    const next = responsesToChatRequest({ ...codex, input: [...(codex.input as unknown[]), ...stream.output(), ...outputs] });
    const last = (next.messages as Json[])[(next.messages as Json[]).length - 3];
    expect(last).toMatchObject({ role: 'assistant', content: 'Running the tests.', reasoning_content: 'Run npm test in the workdir.' });
    expect((last?.tool_calls as Json[]).map((c) => c.id)).toEqual(['call_t1', 'call_p1']);
  });
});
