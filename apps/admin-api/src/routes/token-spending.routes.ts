import { Router } from 'express';
import { z } from 'zod';
import { GatewayError } from '@aigw/shared-errors';
import type { Token } from '@aigw/store';
import { addDetail } from '../audit/audit';
import { tokenById } from '../catalog/lookups';
import type { AdminContext } from '../context';
import { money } from '../presenters/money';
import { presentToken } from '../presenters/token.presenter';
import { amount } from '../schemas/common';
import { parseBody } from '../schemas/validate';
import { pathParam } from './path-param';

const resetSchema = z.object({ amount_spent: amount.optional() }).strict();

function spending(t: Token): Record<string, unknown> {
  return { amount_spent: money(t.amount_spent), max_amount: t.max_amount === null ? null : money(t.max_amount), enabled: t.enabled, disabled_reason: t.disabled_reason };
}

/**
 * POST /tokens/:id/reset-spending: sets the token's amount_spent (body `{amount_spent}`, default 0),
 * for a new billing period or a correction. A token disabled as exhausted that is no longer at its
 * budget is enabled again; one an operator disabled stays disabled. Requests still in flight are
 * billed on top of the new amount. Every proxy hears of it through the change bus.
 */
export function tokenSpendingRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store, config } = ctx.deps;

  router.post('/tokens/:id/reset-spending', ...ctx.op('token.reset_spending', 'id'), async (req, res) => {
    const token = await tokenById(store, pathParam(req, 'id'));
    const body = parseBody(resetSchema, req.body ?? {});
    const result = await store.tokens.setSpent(token.id, body.amount_spent ?? 0);
    // Deleted between the lookup and the update.
    if (!result) throw new GatewayError('not_found', `token ${token.id} not found`);
    const { before, after } = result;
    addDetail(res, { before: spending(before), after: spending(after) });
    await ctx.changed('tokens');
    res.json(presentToken(after, ctx.time, config.billing.currency));
  });

  return router;
}
