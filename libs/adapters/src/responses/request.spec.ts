import { GatewayError } from '@aigw/shared-errors';
import { responsesInputItems, responsesToChatRequest } from './request';

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

describe('responsesToChatRequest: tools and parameters', () => {
  it('flattened function tools -> nested chat tools; custom tools -> one string argument `input`; tool_choice forms', () => {
    const chat = convert({
      input: 'x',
      tools: [
        { type: 'function', name: 'get_weather', description: 'Weather.', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
        { type: 'custom', name: 'apply_patch', description: 'Edit files.', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
        { type: 'custom', name: 'note' },
      ],
      tool_choice: { type: 'custom', name: 'apply_patch' },
      parallel_tool_calls: false,
    });
    const tools = chat.tools as Json[];
    expect(tools[0]).toEqual({ type: 'function', function: { name: 'get_weather', description: 'Weather.', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } });
    expect(tools[1]).toMatchObject({
      type: 'function',
      function: { name: 'apply_patch', parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'], additionalProperties: false } },
    });
    expect((tools[1]?.function as Json).description).toMatch(/^Edit files\.\n\n.*lark grammar:\nstart: "x"$/s);
    expect((tools[2]?.function as Json).description).toContain('free-form text');
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'apply_patch' } });
    expect(chat.parallel_tool_calls).toBe(false);
    expect(convert({ input: 'x', tools: [tools[0]].map(() => ({ type: 'function', name: 'f' })), tool_choice: 'required' }).tool_choice).toBe('required');
    expect(
      convert({ input: 'x', tools: [{ type: 'function', name: 'f' }], tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'f' }] } }).tool_choice,
    ).toEqual({ type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'f' } }] } });
  });

  it.each(['web_search', 'web_search_preview', 'file_search', 'computer_use_preview', 'code_interpreter', 'image_generation', 'mcp', 'local_shell'])(
    'refuses the built-in tool %s, naming tools[i].type',
    (type) => {
      expect(refused({ input: 'x', tools: [{ type: 'function', name: 'f' }, { type }] }, 'tools[1].type').message).toContain(type);
    },
  );

  it('refuses a tool_choice naming a built-in tool', () => {
    refused({ input: 'x', tools: [{ type: 'function', name: 'f' }], tool_choice: { type: 'web_search_preview' } }, 'tool_choice.type');
  });

  it('maps the parameters chat can express and removes what only the Responses server uses', () => {
    const chat = convert({
      input: 'x',
      stream: true,
      max_output_tokens: 256,
      reasoning: { effort: 'high', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true, description: 'd' }, verbosity: 'low' },
      temperature: 0.2,
      top_p: 0.9,
      user: 'u1',
      prompt_cache_key: 'pck',
      safety_identifier: 'sid',
      service_tier: 'auto',
      metadata: { a: '1' },
      store: false,
      include: ['reasoning.encrypted_content'],
      truncation: 'auto',
      stream_options: { include_obfuscation: false },
      prompt_cache_retention: '24h',
      previous_response_id: 'resp_1',
      background: false,
      vendor_extra: { keep: true },
    });
    expect(chat).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 256,
      reasoning_effort: 'high',
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true, description: 'd' } },
      verbosity: 'low',
      temperature: 0.2,
      top_p: 0.9,
      user: 'u1',
      prompt_cache_key: 'pck',
      safety_identifier: 'sid',
      service_tier: 'auto',
      vendor_extra: { keep: true },
    });
    expect(convert({ input: 'x', text: { format: { type: 'json_object' } } }).response_format).toEqual({ type: 'json_object' });
    expect(convert({ input: 'x', text: { format: { type: 'text' } } }).response_format).toBeUndefined();
  });

  it.each([
    ['background', true],
    ['conversation', 'conv_1'],
    ['prompt', { id: 'pmpt_1' }],
    ['max_tool_calls', 3],
    ['top_logprobs', 2],
    ['context_management', [{ type: 'compaction' }]],
  ])('refuses %s, which changes the answer and chat cannot express', (field, value) => {
    refused({ input: 'x', [field]: value }, field);
  });

  it('refuses a text.format json_schema without a schema', () => {
    refused({ input: 'x', text: { format: { type: 'json_schema', name: 'a' } } }, 'text.format.schema');
  });
});

describe('responsesInputItems', () => {
  it('lists a string input as one user message item and copies an item list', () => {
    expect(responsesInputItems({ input: 'hi' })).toEqual([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }]);
    const items = [{ role: 'user', content: 'a' }];
    expect(responsesInputItems({ input: items })).toEqual(items);
    expect(responsesInputItems({ input: items })).not.toBe(items);
  });
});
