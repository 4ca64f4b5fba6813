import type { ModelPrice } from '@aigw/store';
import type { BudgetLedger, Reservation } from '../../budget/budget-ledger';
import type { ChatDeps } from '../../chat/chat-deps';
import type { RequestRecord } from '../../record/request-record';
import type { Route } from '../../routing/resolve-model';
import type { PipelineContext, UpstreamPlan } from '../types';
import { budgetHoldStage } from './budget-hold.stage';

const price = (perMillion: number) => ({ prompt_per_million: perMillion, completion_per_million: perMillion }) as ModelPrice;
/** A plan whose estimate is 1000 tokens at the price given. */
const plan = { estimateCost: (p: ModelPrice) => (1000 * p.prompt_per_million) / 1e6 } as unknown as UpstreamPlan;
const request = { model: 'a', stream: false, completionCap: null, body: {} };

function context(fallbacks: PipelineContext['fallbacks'], held: number[]): PipelineContext {
  const ledger = {
    reserve: async (_token: unknown, estimate: number, requestId: string): Promise<Reservation> => {
      held.push(estimate);
      return { tokenId: 1, requestId, amount: estimate, clipped: false };
    },
  } as unknown as BudgetLedger;
  return {
    deps: { ledger, defaultCompletionCap: 4096 } as unknown as ChatDeps,
    record: { requestId: 'r1' } as RequestRecord,
    principal: { kind: 'client', token: { id: 1, max_amount: 10 } },
    plan,
    price: price(1),
    fallbacks,
  } as unknown as PipelineContext;
}

describe('budget-hold with fallbacks', () => {
  it('holds the largest estimate over the first target and every fallback, each at its own price', async () => {
    const held: number[] = [];
    const route = {} as Route;
    await budgetHoldStage.run(context([{ route, plan, request, clampedFrom: null, price: price(30) }, { route, plan, request, clampedFrom: null, price: price(5) }], held));
    expect(held).toEqual([0.03]);
  });

  it('holds the first target\'s estimate when it is the dearest or there are no fallbacks', async () => {
    const held: number[] = [];
    await budgetHoldStage.run(context([{ route: {} as Route, plan, request, clampedFrom: null, price: price(0.5) }], held));
    await budgetHoldStage.run(context(undefined, held));
    expect(held).toEqual([0.001, 0.001]);
  });
});
