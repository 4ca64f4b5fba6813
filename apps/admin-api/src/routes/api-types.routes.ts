import { Router } from 'express';
import { API_TYPES } from '@aigw/adapters';
import type { AdminContext } from '../context';
import { emptyQuery } from '../schemas/provider.schema';
import { parseQuery } from '../schemas/validate';

/**
 * GET /admin/api-types: the provider types the gateway has adapters for, in the registry's
 * order. The console's provider form offers these, so a new adapter needs no console change.
 */
export function apiTypesRoutes(ctx: AdminContext): Router {
  const router = Router();
  router.get('/api-types', ...ctx.op('provider.api_types'), (req, res) => {
    parseQuery(emptyQuery, req.query);
    res.json({ data: [...API_TYPES], next_cursor: null });
  });
  return router;
}
