import { estimatePromptTokens } from '@aigw/adapters';
import { estimateCostOf, promptTokensOf } from './chat-request';
import { settleUsage } from './settle';
import type { RequestRecord } from '../record/request-record';

jest.mock('@aigw/adapters', () => {
  const actual = jest.requireActual<Record<string, unknown>>('@aigw/adapters');
  return { ...actual, estimatePromptTokens: jest.fn(actual.estimatePromptTokens as (body: unknown) => number) };
});

describe('the prompt estimate', () => {
  it('is counted once per request: the budget hold and the usage estimate share it', () => {
    const count = jest.mocked(estimatePromptTokens);
    count.mockClear();
    const body = { model: 'm', messages: [{ role: 'user', content: 'how many tokens is this prompt?' }] };
    const price = { prompt_per_million: 1_000_000, completion_per_million: 0 } as Parameters<typeof estimateCostOf>[2];
    const hold = estimateCostOf(body, 10, price, 100);
    const record = { requestId: 'req-1', usage: null, usageSource: null } as unknown as RequestRecord;
    settleUsage(record, null, { promptBody: body }, () => 'an answer', { provider: 'p', usageCeiling: 1_000_000, logger: { warn: jest.fn() } as never });
    expect(count).toHaveBeenCalledTimes(1);
    expect(record.usage?.prompt_tokens).toBe(promptTokensOf(body));
    expect(hold).toBe(promptTokensOf(body));
    // Another request's prompt is counted on its own.
    promptTokensOf({ ...body });
    expect(count).toHaveBeenCalledTimes(2);
  });
});
