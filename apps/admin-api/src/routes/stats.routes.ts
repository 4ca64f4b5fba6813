import { Router } from 'express';
import { addDetail } from '../audit/audit';
import type { AdminContext } from '../context';
import { presentStats } from '../presenters/stats.presenter';
import { statsQuerySchema } from '../schemas/stats.schema';
import { parseQuery } from '../schemas/validate';
import { statsWindow } from '../stats/stats-window';

const TOP = 5;
const LATEST_ERRORS = 10;

/** Request counts, errors, spend and tokens over the last 24 hours (hourly) or 7 days (daily). */
export function statsRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store, config } = ctx.deps;

  router.get('/stats', ...ctx.op('stats.get'), async (req, res) => {
    const query = parseQuery(statsQuerySchema, req.query);
    const window = statsWindow(query.range ?? '24h', ctx.time);
    const [buckets, topModels, topTokens, upstreamErrors] = await Promise.all([
      store.stats.buckets(window.from, window.unit),
      store.stats.topModels(window.from, TOP),
      store.stats.topTokens(window.from, TOP),
      store.stats.upstreamErrors(LATEST_ERRORS),
    ]);
    addDetail(res, { range: window.range });
    res.json(presentStats(window, { buckets, topModels, topTokens, upstreamErrors }, ctx.time, config.billing.currency));
  });

  return router;
}
