import { toAnthropicParams } from './request';

const ask = { model: 'm', messages: [{ role: 'user', content: 'think' }] };

function params(extra: Record<string, unknown>, maxTokens = 4000) {
  return toAnthropicParams({ ...ask, ...extra }, 'claude-sonnet-4-5', false, maxTokens);
}

function refusal(extra: Record<string, unknown>, maxTokens = 4000): unknown {
  try {
    params(extra, maxTokens);
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('reasoning_effort to an anthropic-type provider', () => {
  it.each([
    ['low', 1024],
    ['medium', 2048],
    ['high', 4096],
  ])('%s becomes extended thinking with a %i-token budget, fitted below max_tokens', (effort, budget) => {
    expect(params({ reasoning_effort: effort, max_tokens: 10_000 }).thinking).toEqual({ type: 'enabled', budget_tokens: budget });
    expect(params({ reasoning_effort: effort, max_tokens: 1500 }).thinking).toEqual({ type: 'enabled', budget_tokens: Math.min(budget, 1499) });
  });

  it('sends no thinking for none or when absent, and keeps the client’s own thinking', () => {
    expect(params({ reasoning_effort: 'none' })).not.toHaveProperty('thinking');
    expect(params({})).not.toHaveProperty('thinking');
    const thinking = { type: 'enabled', budget_tokens: 3000 };
    expect(params({ reasoning_effort: 'low', thinking }).thinking).toEqual(thinking);
  });

  it.each([
    [{ reasoning_effort: 'extreme' }, 4000, /must be one of/],
    [{ reasoning_effort: 'high', max_tokens: 800 }, 4000, /completion cap above 1024/],
    [{ reasoning_effort: 'high', temperature: 0.2 }, 4000, /temperature/],
    [{ reasoning_effort: 'high', top_k: 5 }, 4000, /top_k/],
    [{ reasoning_effort: 'high', tool_choice: 'required', tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }, 4000, /forces a tool/],
  ])('refuses %j with a 400 naming reasoning_effort', (extra, cap, message) => {
    expect(refusal(extra, cap)).toMatchObject({ code: 'invalid_request', param: 'reasoning_effort', message: expect.stringMatching(message) });
  });
});

describe('tool_choice allowed_tools to an anthropic-type provider', () => {
  const fn = (name: string) => ({ type: 'function', function: { name, parameters: { type: 'object' } } });
  const choice = (mode: string) => ({ type: 'allowed_tools', allowed_tools: { mode, tools: [{ type: 'function', function: { name: 'b' } }] } });

  it('sends only the allowed tools, with auto or any for the mode', () => {
    const auto = params({ tools: [fn('a'), fn('b'), fn('c')], tool_choice: choice('auto') });
    expect(auto.tools?.map((t) => (t as { name: string }).name)).toEqual(['b']);
    expect(auto.tool_choice).toEqual({ type: 'auto' });
    expect(params({ tools: [fn('a'), fn('b')], tool_choice: choice('required') }).tool_choice).toEqual({ type: 'any' });
  });
});
