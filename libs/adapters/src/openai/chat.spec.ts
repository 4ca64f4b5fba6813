import type { ChatCall } from '../types';
import { buildOpenAiChatRequest, readOpenAiChatResponse } from './chat';
import { deepseekR1StreamTail, deepseekV3NonStream, glmNonStream, kimiNonStream } from '../../test/fixtures/samples';

function chatCall(body: Record<string, unknown>, overrides: Partial<ChatCall> = {}): ChatCall {
  return {
    provider: { name: 'ds', api_type: 'openai', base_url: 'https://up.example.com/v1/', models_endpoint: null },
    upstreamModel: 'DeepSeek-V3-Fast',
    body,
    stream: body.stream === true,
    clientHeaders: {},
    ...overrides,
  };
}

const richBody = {
  model: 'ds/DeepSeek-V3-Fast',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'https://img.example.com/a.png', detail: 'high' } }] },
  ],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
  tool_choice: 'auto',
  temperature: 0.2,
  refs: null,
  vendor_extra: { nested: [1, 2, 3] },
};

describe('buildOpenAiChatRequest', () => {
  it('forwards the body untouched except the model, with Bearer auth and a JSON accept', () => {
    const call = chatCall(richBody);
    const req = buildOpenAiChatRequest(call, 'sk-up-1');
    expect(req.url).toBe('https://up.example.com/v1/chat/completions');
    expect(req.headers).toEqual({ authorization: 'Bearer sk-up-1', 'content-type': 'application/json', accept: 'application/json' });
    expect(JSON.parse(req.body)).toEqual({ ...richBody, model: 'DeepSeek-V3-Fast' });
    expect(Object.keys(JSON.parse(req.body) as object)).toEqual(Object.keys(richBody));
    expect(call.body.model).toBe('ds/DeepSeek-V3-Fast');
  });

  it('asks a stream for usage and keeps the other stream options', () => {
    const body = { ...richBody, stream: true, stream_options: { include_obfuscation: false } };
    const call = chatCall(body);
    const req = buildOpenAiChatRequest(call, 'k');
    expect(req.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(req.body)).toMatchObject({ stream: true, stream_options: { include_obfuscation: false, include_usage: true } });
    expect(body.stream_options).toEqual({ include_obfuscation: false });
  });

  it('overrides include_usage false from the client, and adds stream_options when absent', () => {
    const off = buildOpenAiChatRequest(chatCall({ ...richBody, stream: true, stream_options: { include_usage: false } }), 'k');
    expect(JSON.parse(off.body)).toMatchObject({ stream_options: { include_usage: true } });
    const absent = buildOpenAiChatRequest(chatCall({ ...richBody, stream: true }), 'k');
    expect(JSON.parse(absent.body)).toMatchObject({ stream_options: { include_usage: true } });
  });
});

describe('readOpenAiChatResponse', () => {
  it.each([
    ['deepseek-v3', deepseekV3NonStream, 'DeepSeek-V3-Fast', 399],
    ['kimi', kimiNonStream, 'kimi-k2-0905', 453],
    ['glm', glmNonStream, 'glm-4.5', 249],
  ])('returns the %s bytes themselves, with usage and model read', (_name, sample, model, total) => {
    const bytes = Buffer.from(JSON.stringify(sample, null, 2));
    const result = readOpenAiChatResponse(bytes, 'application/json; charset=utf-8');
    expect(result.body).toBe(bytes);
    expect(result.contentType).toBe('application/json; charset=utf-8');
    expect(result.responseModel).toBe(model);
    expect(result.usage?.total_tokens).toBe(total);
  });

  it('passes a non-JSON body through with no usage', () => {
    const bytes = Buffer.from('<html>oops</html>');
    const result = readOpenAiChatResponse(bytes, 'text/html');
    expect(result.body).toBe(bytes);
    expect(result.usage).toBeNull();
    expect(result.responseModel).toBeNull();
  });

  it('folds an SSE answer into one chat.completion', () => {
    const result = readOpenAiChatResponse(Buffer.from(deepseekR1StreamTail), 'text/event-stream; charset=utf-8');
    expect(result.contentType).toBe('application/json');
    const json = JSON.parse(result.body.toString()) as Record<string, unknown>;
    expect(json).toMatchObject({
      object: 'chat.completion',
      model: 'DeepSeek-R1-0528',
      choices: [{ index: 0, message: { role: 'assistant', content: '!' }, finish_reason: 'stop' }],
      usage: { total_tokens: 253 },
    });
    expect(result.usage).toEqual({ prompt_tokens: 16, completion_tokens: 237, total_tokens: 253, cached_tokens: 0, reasoning_tokens: 201 });
    expect(result.responseModel).toBe('DeepSeek-R1-0528');
  });

  it('recognises SSE sent under a JSON content type', () => {
    const result = readOpenAiChatResponse(Buffer.from(deepseekR1StreamTail), 'application/json');
    expect(JSON.parse(result.body.toString())).toMatchObject({ object: 'chat.completion', usage: { total_tokens: 253 } });
  });
});
