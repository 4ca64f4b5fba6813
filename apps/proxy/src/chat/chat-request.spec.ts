import { estimatePromptTokens } from '@aigw/adapters';
import { InMemoryBudgetLedger } from '../budget/budget-ledger';
import { estimateCostOf, promptTokenBoundOf, promptTokensOf } from './chat-request';
import { settleUsage } from './settle';
import type { RequestRecord } from '../record/request-record';

jest.mock('@aigw/adapters', () => {
  const actual = jest.requireActual<Record<string, unknown>>('@aigw/adapters');
  return { ...actual, estimatePromptTokens: jest.fn(actual.estimatePromptTokens as (body: unknown) => number) };
});

/** One token costs 1 at prompt price 1e6 per million; completions are free. */
const price = { prompt_per_million: 1_000_000, completion_per_million: 0 } as Parameters<typeof estimateCostOf>[2];

describe('the prompt estimate', () => {
  it('the budget hold reads the bound and never the tokenizer; the usage estimate counts once', () => {
    const count = jest.mocked(estimatePromptTokens);
    count.mockClear();
    const body = { model: 'm', messages: [{ role: 'user', content: 'how many tokens is this prompt?' }] };
    const hold = estimateCostOf(body, 10, price, 100);
    expect(count).not.toHaveBeenCalled();
    expect(hold).toBe(promptTokenBoundOf(body));
    const record = { requestId: 'req-1', usage: null, usageSource: null } as unknown as RequestRecord;
    settleUsage(record, null, { promptBody: body }, () => 'an answer', { provider: 'p', usageCeiling: 1_000_000, logger: { warn: jest.fn() } as never });
    expect(count).toHaveBeenCalledTimes(1);
    expect(record.usage?.prompt_tokens).toBe(promptTokensOf(body));
    expect(hold).toBeGreaterThanOrEqual(record.usage!.prompt_tokens);
    expect(count).toHaveBeenCalledTimes(1);
    // Another request's prompt is counted on its own.
    promptTokensOf({ ...body });
    expect(count).toHaveBeenCalledTimes(2);
  });

  it('a usage the upstream reports and the gateway trusts needs no count at all', () => {
    const count = jest.mocked(estimatePromptTokens);
    count.mockClear();
    const body = { model: 'm', messages: [{ role: 'user', content: 'hello' }] };
    estimateCostOf(body, null, price, 100);
    const record = { requestId: 'req-2', usage: null, usageSource: null } as unknown as RequestRecord;
    const reported = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, cached_tokens: 0, reasoning_tokens: 0 };
    settleUsage(record, reported, { promptBody: body }, () => 'hi', { provider: 'p', usageCeiling: 1_000_000, logger: { warn: jest.fn() } as never });
    expect(record.usageSource).toBe('upstream');
    expect(count).not.toHaveBeenCalled();
  });

  it('a hold the budget cannot cover beside another request is refused, though the exact count would fit', async () => {
    const body = { model: 'm', messages: [{ role: 'user', content: '这是一个提示' }] };
    const exact = promptTokensOf(body);
    const bound = estimateCostOf(body, 0, price, 0);
    expect(bound).toBeGreaterThan(exact);
    const ledger = new InMemoryBudgetLedger();
    // Another request holds 10; what is left covers the exact count but not the bound.
    const token = { id: 7, max_amount: 10 + exact, amount_spent: 0 };
    await ledger.reserve(token, 10, 'other');
    await expect(ledger.reserve(token, bound, 'this')).rejects.toMatchObject({ code: 'insufficient_balance', status: 402 });
  });
});
