import { GatewayError } from '@aigw/shared-errors';
import type { BudgetLedger, Reservation } from '../budget/budget-ledger';
import type { ChatDeps } from '../chat/chat-deps';
import type { LimitAdmission, RateLimiter } from '../limits/rate-limiter';
import type { RequestRecord } from '../record/request-record';
import { DEFAULT_STAGES, runPipeline } from './pipeline';
import type { PipelineContext, PolicyStage } from './types';

function contextWith(settled: { reservation: Reservation; cost: number }[]): PipelineContext {
  const ledger = { settle: async (reservation: Reservation, cost: number) => void settled.push({ reservation, cost }) } as unknown as BudgetLedger;
  const record = { usage: null, price: null, costCap: null } as unknown as RequestRecord;
  return { deps: { ledger } as unknown as ChatDeps, record } as unknown as PipelineContext;
}

describe('runPipeline', () => {
  it('runs the policy stages in order', () => {
    expect(DEFAULT_STAGES.map((s) => s.name)).toEqual(['identify', 'envelope', 'route', 'completion-cap', 'convert', 'allow-list', 'price', 'fallbacks', 'rate-limit', 'budget-hold']);
  });

  it('stops at a stage that throws, never calls upstream, and settles a hold an earlier stage took', async () => {
    const settled: { reservation: Reservation; cost: number }[] = [];
    const ran: string[] = [];
    const hold: Reservation = { tokenId: 7, requestId: 'r1', amount: 0.5, clipped: false };
    const stages: PolicyStage[] = [
      { name: 'hold', run: (ctx) => void (ran.push('hold'), (ctx.reservation = hold)) },
      // A later limit (say, tokens per minute) refusing after the hold was taken.
      {
        name: 'rate-limit',
        run: async () => {
          ran.push('rate-limit');
          throw new GatewayError('insufficient_balance', 'over the limit');
        },
      },
      { name: 'never', run: () => void ran.push('never') },
    ];
    await expect(runPipeline(contextWith(settled), stages)).rejects.toThrow('over the limit');
    expect(ran).toEqual(['hold', 'rate-limit']);
    expect(settled).toEqual([{ reservation: hold, cost: 0 }]);
  });

  it('corrects a rate-limit count to the tokens on the row and frees its slot when the upstream call fails', async () => {
    const limited: { admission: LimitAdmission; tokens: number }[] = [];
    const limiter = { settle: async (admission: LimitAdmission, tokens: number) => void limited.push({ admission, tokens }) } as unknown as RateLimiter;
    const ctx = contextWith([]);
    (ctx.deps as { limiter: RateLimiter }).limiter = limiter;
    (ctx.record as { usage: unknown }).usage = { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42, cached_tokens: 0, reasoning_tokens: 0 };
    const admission: LimitAdmission = { tokenId: 3, requestId: 'r2', limits: { rpm: null, tpm: 100, concurrency: 1 } };
    const stages: PolicyStage[] = [
      { name: 'rate-limit', run: (c) => void (c.limitAdmission = admission) },
      { name: 'fails', run: () => { throw new GatewayError('upstream_error', 'upstream down'); } },
    ];
    await expect(runPipeline(ctx, stages)).rejects.toThrow('upstream down');
    expect(limited).toEqual([{ admission, tokens: 42 }]);
  });
});
