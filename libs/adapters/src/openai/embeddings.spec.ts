import { estimateEmbeddingInputTokens, countTextTokens } from '../estimate';
import { lastKeyValue } from '../usage';
import type { EmbeddingsCall } from '../types';
import { anthropicAdapter } from '../anthropic';
import { zhipuAdapter } from '../zhipu';
import { openAiAdapter } from './adapter';
import { readEmbeddingsAnswer } from './embeddings';

function call(apiType: 'openai' | 'zhipu', baseUrl: string, body: Record<string, unknown>): EmbeddingsCall {
  return { provider: { name: 'p', api_type: apiType, base_url: baseUrl, models_endpoint: null }, upstreamModel: 'text-embedding-3-small', body };
}

describe('embeddings requests', () => {
  const body = { model: 'oa/small', input: ['a', 'b'], encoding_format: 'base64', dimensions: 256, user: 'u-1', extra_field: true };

  it('openai: {base_url}/embeddings, Bearer key, the body as sent but the model', () => {
    const req = openAiAdapter.buildEmbeddingsRequest!(call('openai', 'https://api.openai.com/v1/', body), 'sk-1');
    expect(req.url).toBe('https://api.openai.com/v1/embeddings');
    expect(req.headers).toEqual({ authorization: 'Bearer sk-1', 'content-type': 'application/json', accept: 'application/json' });
    expect(JSON.parse(req.body)).toEqual({ ...body, model: 'text-embedding-3-small' });
    expect(body.model).toBe('oa/small');
  });

  it('zhipu: its v4 path, or /embeddings after a base URL that ends in /v4', () => {
    expect(zhipuAdapter.buildEmbeddingsRequest!(call('zhipu', 'https://open.bigmodel.cn', body), 'k').url).toBe('https://open.bigmodel.cn/api/paas/v4/embeddings');
    expect(zhipuAdapter.buildEmbeddingsRequest!(call('zhipu', 'https://open.bigmodel.cn/api/paas/v4/', body), 'k').url).toBe('https://open.bigmodel.cn/api/paas/v4/embeddings');
  });

  it('anthropic serves none', () => {
    expect(anthropicAdapter.buildEmbeddingsRequest).toBeUndefined();
  });
});

describe('readEmbeddingsAnswer', () => {
  it('reads usage and model of an OpenAI answer (model and usage after the vectors)', () => {
    const json = { object: 'list', data: [{ object: 'embedding', index: 0, embedding: 'AACAPwAAAEA=' }], model: 'text-embedding-3-small', usage: { prompt_tokens: 8, total_tokens: 8 } };
    expect(readEmbeddingsAnswer(Buffer.from(JSON.stringify(json, null, 2)))).toEqual({
      usage: { prompt_tokens: 8, completion_tokens: 0, total_tokens: 8, cached_tokens: 0, reasoning_tokens: 0 },
      responseModel: 'text-embedding-3-small',
    });
  });

  it('reads a Zhipu answer (model first, completion_tokens 0 in the usage)', () => {
    const json = { model: 'embedding-3', data: [{ index: 0, object: 'embedding', embedding: [0.1, -0.2] }], object: 'list', usage: { completion_tokens: 0, prompt_tokens: 5, total_tokens: 5 } };
    expect(readEmbeddingsAnswer(Buffer.from(JSON.stringify(json)))).toEqual({
      usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5, cached_tokens: 0, reasoning_tokens: 0 },
      responseModel: 'embedding-3',
    });
  });

  it('gives null usage for an answer without one, or one that does not end', () => {
    expect(readEmbeddingsAnswer(Buffer.from('{"object":"list","data":[],"model":"m"}')).usage).toBeNull();
    expect(readEmbeddingsAnswer(Buffer.from('{"usage":{"prompt_tokens":3')).usage).toBeNull();
    expect(readEmbeddingsAnswer(Buffer.from('not json')).usage).toBeNull();
  });
});

describe('lastKeyValue', () => {
  it('takes the last key followed by a colon, not a string value that spells the key', () => {
    const text = Buffer.from('{"usage":{"a":1},"model":"usage","x":{"s":"}{\\"usage\\":2"}}');
    expect(lastKeyValue(text, 'usage')).toEqual({ a: 1 });
    expect(lastKeyValue(text, 'model')).toBe('usage');
    expect(lastKeyValue(text, 'x')).toEqual({ s: '}{"usage":2' });
    expect(lastKeyValue(Buffer.from('{"n": 42}'), 'n')).toBe(42);
    expect(lastKeyValue(Buffer.from('{}'), 'n')).toBeUndefined();
  });
});

describe('estimateEmbeddingInputTokens', () => {
  it('counts strings with the tokenizer and token ids as they are', () => {
    expect(estimateEmbeddingInputTokens('hello world')).toBe(countTextTokens('hello world'));
    expect(estimateEmbeddingInputTokens(['hello', 'world'])).toBe(countTextTokens('hello') + countTextTokens('world'));
    expect(estimateEmbeddingInputTokens([1, 2, 3])).toBe(3);
    expect(estimateEmbeddingInputTokens([[1, 2], [3]])).toBe(3);
    expect(estimateEmbeddingInputTokens(undefined)).toBe(0);
  });
});
