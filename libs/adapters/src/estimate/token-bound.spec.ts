import { embeddingInputTokenBound, estimateEmbeddingInputTokens } from './embedding-input';
import { countTextTokens, estimatePromptTokens, promptTokenBound, textTokenBound } from './estimate-tokens';
import type * as Estimate from './index';

/** Texts the tokenizer splits finely: scripts with few merges, 4-byte characters, code, repeats. */
const TEXTS: Record<string, string> = {
  english: 'The quick brown fox jumps over the lazy dog. '.repeat(20),
  chinese: '预算保留需要提示的上界，而不是精确计数。网关只在上游没有报告用量时才需要分词器。',
  japanese: 'ゲートウェイはトークンの上限を保持します。カタカナとひらがなと漢字。',
  korean: '게이트웨이는 예산을 보류합니다. 한국어 문장입니다.',
  rareCjk: '龘靐齉爩鱻麤鸞饢驫',
  astralCjk: '\u{20000}\u{20001}\u{2A6D6}\u{2B734}\u{30000}',
  mathLetters: '\u{1D400}\u{1D401}\u{1D402}\u{1D7D8}\u{1D7D9}',
  cyrillic: 'Съешь же ещё этих мягких французских булок, да выпей чаю.',
  arabic: 'نص عربي لاختبار عدد الرموز في المدخلات',
  devanagari: 'यह एक परीक्षण वाक्य है जो टोकन गिनता है।',
  accents: 'Ça déjà vu, naïve façade, Åström, Łódź, Dvořák, ẞtraße',
  combining: 'e\u0301a\u0300o\u0302u\u0308'.repeat(30),
  code: 'function f(x) {\n  return x.map((y) => y * 2).filter(Boolean);\n}\nconst re = /^[a-z]+$/i;\n'.repeat(10),
  json: JSON.stringify({ a: [1, 2, 3], b: { c: 'd\\n\\t', e: null } }).repeat(20),
  whitespace: ' \t\n  \n\n\t\t    x'.repeat(50),
  digits: '31415926535897932384626433832795028841971693993751'.repeat(10),
  repeatedChar: 'a'.repeat(5000),
  repeatedWord: 'token '.repeat(2000),
  repeatedCjk: '字'.repeat(3000),
  special: '<|endoftext|><|im_start|>user<|im_end|>',
  controls: '\u0000\u0001\u0002\u001f\u007f'.repeat(20),
};

describe('textTokenBound', () => {
  it.each(Object.entries(TEXTS))('is at least the tokenizer count: %s', (_name, text) => {
    expect(textTokenBound(text)).toBeGreaterThanOrEqual(countTextTokens(text));
  });

  it('is the UTF-8 length', () => {
    expect(textTokenBound('')).toBe(0);
    expect(textTokenBound('abc')).toBe(3);
    expect(textTokenBound('字')).toBe(3);
    expect(textTokenBound('\u{20000}')).toBe(4);
  });
});

describe('promptTokenBound', () => {
  const bodies: Record<string, unknown> = {
    everyText: { messages: Object.values(TEXTS).map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content })) },
    parts: {
      messages: [
        { role: 'system', name: 'policy', content: [{ type: 'text', text: TEXTS.chinese }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'user', content: [TEXTS.code, { type: 'text', text: TEXTS.astralCjk }, { type: 'refusal', refusal: TEXTS.arabic }] },
      ],
    },
    tools: {
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"北京"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '晴' },
        { role: 'assistant', content: null, function_call: { name: 'f', arguments: TEXTS.json } },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: TEXTS.japanese, parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      functions: [{ name: 'f', parameters: {} }],
    },
    empty: { messages: [] },
    noMessages: {},
    notAnObject: 'text',
  };

  it.each(Object.entries(bodies))('is at least the estimate: %s', (_name, body) => {
    expect(promptTokenBound(body)).toBeGreaterThanOrEqual(estimatePromptTokens(body));
  });

  it('keeps the estimate\'s framing: a body with no text is counted the same by both', () => {
    const framing = { messages: [{ role: '', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] };
    expect(promptTokenBound(framing)).toBe(estimatePromptTokens(framing));
    expect(promptTokenBound({})).toBe(3);
    expect(promptTokenBound(null)).toBe(0);
  });
});

describe('embeddingInputTokenBound', () => {
  it.each([
    ['a string', TEXTS.chinese],
    ['strings', [TEXTS.english, TEXTS.astralCjk, TEXTS.code]],
    ['token ids', [1, 2, 3]],
    ['arrays of token ids', [[1, 2], [3]]],
    ['something else', { not: 'input' }],
  ])('is at least the estimate: %s', (_name, input) => {
    expect(embeddingInputTokenBound(input)).toBeGreaterThanOrEqual(estimateEmbeddingInputTokens(input));
  });
});

describe('the tokenizer is loaded only when a count is exact', () => {
  it('bounds never load it; the first exact count does', () => {
    jest.isolateModules(() => {
      jest.doMock('gpt-tokenizer/encoding/o200k_base', () => {
        throw new Error('tokenizer loaded');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('./index') as typeof Estimate;
      const body = { messages: [{ role: 'user', content: TEXTS.english }], tools: [{ name: 't' }] };
      expect(fresh.promptTokenBound(body)).toBeGreaterThan(0);
      expect(fresh.embeddingInputTokenBound(['a', 'b'])).toBe(2);
      expect(() => fresh.estimatePromptTokens(body)).toThrow('tokenizer loaded');
    });
  });
});
