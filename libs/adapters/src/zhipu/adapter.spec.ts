import type { ChatCall } from '../types';
import { zhipuOfficialNonStream } from '../../test/fixtures/samples';
import { zhipuAdapter } from './adapter';

function chatCall(body: Record<string, unknown>, baseUrl = 'https://open.bigmodel.cn/'): ChatCall {
  return {
    provider: { name: 'zhipu', api_type: 'zhipu', base_url: baseUrl, models_endpoint: null },
    upstreamModel: 'glm-4.5',
    body,
    stream: body.stream === true,
    clientHeaders: {},
  };
}

describe('zhipuAdapter', () => {
  it('posts to /api/paas/v4/chat/completions with a Bearer key and the body as sent but the model', () => {
    const body = { model: 'zhipu/glm-4.5', messages: [{ role: 'user', content: 'hi' }], thinking: { type: 'enabled' }, do_sample: true };
    const req = zhipuAdapter.buildChatRequest(chatCall(body), 'zp-key');
    expect(req.url).toBe('https://open.bigmodel.cn/api/paas/v4/chat/completions');
    expect(req.headers).toEqual({ authorization: 'Bearer zp-key', 'content-type': 'application/json', accept: 'application/json' });
    expect(JSON.parse(req.body)).toEqual({ ...body, model: 'glm-4.5' });
    expect(body.model).toBe('zhipu/glm-4.5');
  });

  it('adds no stream_options to a stream (Zhipu reports usage unasked)', () => {
    const req = zhipuAdapter.buildChatRequest(chatCall({ model: 'glm-4.5', messages: [], stream: true }), 'k');
    expect(req.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(req.body)).toEqual({ model: 'glm-4.5', messages: [], stream: true });
  });

  it('does not repeat an API root the base URL already has', () => {
    expect(zhipuAdapter.buildChatRequest(chatCall({}, 'https://open.bigmodel.cn/api/paas/v4/'), 'k').url).toBe('https://open.bigmodel.cn/api/paas/v4/chat/completions');
    expect(zhipuAdapter.buildChatRequest(chatCall({}, 'https://open.bigmodel.cn/api/coding/paas/v4'), 'k').url).toBe('https://open.bigmodel.cn/api/coding/paas/v4/chat/completions');
  });

  it('returns the answer bytes untouched with usage including cached tokens', () => {
    const bytes = Buffer.from(JSON.stringify(zhipuOfficialNonStream));
    const result = zhipuAdapter.readChatResponse(bytes, 'application/json; charset=UTF-8', chatCall({}));
    expect(result.body).toBe(bytes);
    expect(result.usage).toEqual({ prompt_tokens: 27, completion_tokens: 910, total_tokens: 937, cached_tokens: 12, reasoning_tokens: 0 });
    expect(result.responseModel).toBe('glm-4.5');
  });

  it('relays a GLM stream byte for byte and reads usage from the last chunk with a choice', () => {
    const sse =
      'data: {"id":"1","created":1,"model":"glm-4.5","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"hm"}}]}\n\n' +
      'data: {"id":"1","created":1,"model":"glm-4.5","choices":[{"index":0,"finish_reason":"stop","delta":{"role":"assistant","content":"ok"}}],"usage":{"prompt_tokens":8,"completion_tokens":4,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":5}}}\n\n' +
      'data: [DONE]\n\n';
    const relay = zhipuAdapter.createStreamRelay(chatCall({ stream: true }));
    const out = Buffer.from(sse);
    expect(relay.push(out)).toBe(out);
    relay.end();
    expect(relay.usage()).toEqual({ prompt_tokens: 8, completion_tokens: 4, total_tokens: 12, cached_tokens: 5, reasoning_tokens: 0 });
    expect(relay.outputText()).toBe('hmok');
  });

  it('has no models endpoint', () => {
    expect(zhipuAdapter.modelsRequest(chatCall({}).provider, 'k')).toBeNull();
    expect(zhipuAdapter.readModelIds({ data: [{ id: 'glm-4.5' }] })).toEqual([]);
  });
});
