import { extractUsage } from './extract-usage';
import { parseSseBody } from '../sse';
import {
  deepseekR1NonStream,
  deepseekR1StreamTail,
  deepseekV3NonStream,
  glmNonStream,
  glmStreamTail,
  kimiNonStream,
  zhipuOfficialNonStream,
} from '../../test/fixtures/samples';

function usageChunk(sse: string): unknown {
  const chunks = parseSseBody(sse).filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as unknown);
  return chunks.find((c) => extractUsage(c) !== null);
}

describe('extractUsage', () => {
  it.each([
    ['deepseek-v3', deepseekV3NonStream, { prompt_tokens: 13, completion_tokens: 386, total_tokens: 399, cached_tokens: 0, reasoning_tokens: 0 }],
    ['kimi (no details)', kimiNonStream, { prompt_tokens: 27, completion_tokens: 426, total_tokens: 453, cached_tokens: 0, reasoning_tokens: 0 }],
    ['deepseek-r1 (null details)', deepseekR1NonStream, { prompt_tokens: 18, completion_tokens: 158, total_tokens: 176, cached_tokens: 0, reasoning_tokens: 135 }],
    ['glm relay', glmNonStream, { prompt_tokens: 19, completion_tokens: 230, total_tokens: 249, cached_tokens: 0, reasoning_tokens: 0 }],
    ['zhipu official (cached)', zhipuOfficialNonStream, { prompt_tokens: 27, completion_tokens: 910, total_tokens: 937, cached_tokens: 12, reasoning_tokens: 0 }],
    ['deepseek-r1 stream (choices: [])', usageChunk(deepseekR1StreamTail), { prompt_tokens: 16, completion_tokens: 237, total_tokens: 253, cached_tokens: 0, reasoning_tokens: 201 }],
    ['glm stream (last chunk with a choice)', usageChunk(glmStreamTail), { prompt_tokens: 18, completion_tokens: 108, total_tokens: 126, cached_tokens: 0, reasoning_tokens: 0 }],
  ])('reads %s', (_name, json, expected) => {
    expect(extractUsage(json)).toEqual(expected);
  });

  it('computes total_tokens when it is missing and turns null counts into 0', () => {
    expect(extractUsage({ usage: { prompt_tokens: 5, completion_tokens: null } })).toEqual({
      prompt_tokens: 5,
      completion_tokens: 0,
      total_tokens: 5,
      cached_tokens: 0,
      reasoning_tokens: 0,
    });
    expect(extractUsage({ usage: { prompt_tokens: 5, completion_tokens: 7 } })?.total_tokens).toBe(12);
  });

  it('reports garbage as it came (negative, fractional) or as NaN (not a number), for the proxy to distrust', () => {
    const usage = extractUsage({ usage: { prompt_tokens: -5, completion_tokens: 1.5, total_tokens: 'abc', prompt_tokens_details: { cached_tokens: 5e9 } } });
    expect(usage).toMatchObject({ prompt_tokens: -5, completion_tokens: 1.5, cached_tokens: 5e9 });
    expect(usage?.total_tokens).toBeNaN();
  });

  it('reads vendor spellings of cached tokens', () => {
    expect(extractUsage({ usage: { prompt_tokens: 9, completion_tokens: 1, prompt_cache_hit_tokens: 4 } })?.cached_tokens).toBe(4);
    expect(extractUsage({ usage: { prompt_tokens: 9, completion_tokens: 1, cached_tokens: 3 } })?.cached_tokens).toBe(3);
  });

  it('returns null when there is no usage', () => {
    expect(extractUsage({ choices: [] })).toBeNull();
    expect(extractUsage({ usage: null })).toBeNull();
    expect(extractUsage({ usage: {} })).toBeNull();
    expect(extractUsage('text')).toBeNull();
    expect(extractUsage(undefined)).toBeNull();
  });
});
