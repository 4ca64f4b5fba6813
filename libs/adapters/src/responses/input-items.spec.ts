import { GatewayError } from '@aigw/shared-errors';
import { TOOL_IMAGES_NOTE } from './input-items';
import { responsesToChatRequest } from './request';

type Json = Record<string, unknown>;

function convert(body: Json, history?: unknown[]): Json {
  return responsesToChatRequest({ model: 'm', ...body }, history);
}

function refused(body: Json, param: string): GatewayError {
  try {
    convert(body);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'invalid_request', status: 400, param });
    expect((error as Error).message).toContain(param);
    return error as GatewayError;
  }
  throw new Error(`expected a 400 naming ${param}`);
}

describe('responsesToChatRequest: input items', () => {
  it('turns a string input into one user message and instructions into a leading system message', () => {
    expect(convert({ input: 'hi', instructions: 'Be brief.' })).toEqual({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  it('converts message items of every role and content part kind', () => {
    const chat = convert({
      input: [
        { role: 'developer', content: 'Dev rules.' },
        { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Sys.' }] },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look:' },
            { type: 'input_image', image_url: 'https://x/cat.png', detail: 'low' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' },
            { type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBER' },
          ],
        },
        { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'A cat.', annotations: [] }, { type: 'refusal', refusal: 'No more.' }] },
      ],
    });
    expect(chat.messages).toEqual([
      { role: 'system', content: 'Dev rules.' },
      { role: 'system', content: [{ type: 'text', text: 'Sys.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image_url', image_url: { url: 'https://x/cat.png', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'auto' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBER' } },
        ],
      },
      { role: 'assistant', content: 'A cat.', refusal: 'No more.' },
    ]);
  });

  it('merges assistant text, reasoning and calls into one assistant message with tool_calls; outputs become tool messages', () => {
    const chat = convert({
      input: [
        { role: 'user', content: 'Weather and patch?' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Need tools.' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_w', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
        { type: 'function_call_output', call_id: 'call_w', output: 'sunny' },
        { type: 'custom_tool_call_output', call_id: 'call_p', output: [{ type: 'input_text', text: 'Done.' }] },
        { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'All set.' }] },
        { role: 'assistant', content: 'Sunny; patched.' },
      ],
    });
    expect(chat.messages).toEqual([
      { role: 'user', content: 'Weather and patch?' },
      {
        role: 'assistant',
        content: 'Checking.',
        reasoning_content: 'Need tools.',
        tool_calls: [
          { id: 'call_w', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_p', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch\\n*** End Patch"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_w', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_p', content: [{ type: 'text', text: 'Done.' }] },
      { role: 'assistant', content: 'Sunny; patched.', reasoning_content: 'All set.' },
    ]);
  });

  it('drops encrypted-only reasoning and reasoning not followed by an assistant item', () => {
    const chat = convert({
      input: [
        { type: 'reasoning', summary: [], encrypted_content: 'gAAA' },
        { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'ok' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'orphan' }] },
        { role: 'user', content: 'next' },
      ],
    });
    expect(chat.messages).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      { role: 'user', content: 'next' },
    ]);
  });

  it('sends the images of tool outputs (Codex view_image) as a user message after the run of tool messages', () => {
    const chat = convert({
      input: [
        { type: 'function_call', call_id: 'c1', name: 'view_image', arguments: '{"path":"a.png"}' },
        { type: 'function_call', call_id: 'c2', name: 'shell', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' }] },
        { type: 'function_call_output', call_id: 'c2', output: 'ok' },
        { role: 'user', content: 'What is in it?' },
      ],
    });
    expect((chat.messages as Json[]).slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: TOOL_IMAGES_NOTE }] },
      { role: 'tool', tool_call_id: 'c2', content: 'ok' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } }] },
      { role: 'user', content: 'What is in it?' },
    ]);
  });

  it('sends reasoning back only for the current turn (after the last user message)', () => {
    const chat = convert({
      input: [
        { role: 'user', content: 'q1' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'old' }] },
        { role: 'assistant', content: 'a1' },
        { role: 'user', content: 'q2' },
        { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'new' }] },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
      ],
    });
    expect((chat.messages as Json[]).filter((m) => m.role === 'assistant')).toEqual([
      { role: 'assistant', content: 'a1' },
      { role: 'assistant', content: null, reasoning_content: 'new', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    ]);
  });

  it('places history (a previous response) after the instructions and before the input', () => {
    const history = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'first' }] },
      { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'one', annotations: [] }] },
    ];
    expect(convert({ instructions: 'I.', input: 'second', previous_response_id: 'resp_1' }, history).messages).toEqual([
      { role: 'system', content: 'I.' },
      { role: 'user', content: [{ type: 'text', text: 'first' }] },
      { role: 'assistant', content: 'one' },
      { role: 'user', content: 'second' },
    ]);
  });

  it('refuses what chat cannot express, naming the field', () => {
    refused({ input: [{ type: 'item_reference', id: 'msg_1' }] }, 'input[0]');
    refused({ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1', detail: 'auto' }] }] }, 'input[0].content[0].file_id');
    refused({ input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file_1' }] }] }, 'input[0].content[0]');
    refused({ input: [{ role: 'system', content: [{ type: 'input_image', image_url: 'https://x/i.png' }] }] }, 'input[0].content[0].type');
    refused({ input: [{ type: 'function_call_output', call_id: 'c', output: [{ type: 'input_image', file_id: 'file_1' }] }] }, 'input[0].output[0].file_id');
    refused({ input: [{ type: 'web_search_call', id: 'ws_1', status: 'completed' }] }, 'input[0].type');
    refused({ input: [{ role: 'tool', content: 'x' }] }, 'input[0].role');
    refused({ input: 42 }, 'input');
  });
});
