import { Router } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import type { Store } from '@aigw/store';
import { addDetail } from '../audit/audit';
import { idParam } from '../catalog/lookups';
import type { AdminContext } from '../context';
import { presentAdminLog, presentRequestLog } from '../presenters/log.presenter';
import { DEFAULT_LIMIT, logQuerySchemas } from '../schemas/log.schema';
import { parseQuery } from '../schemas/validate';

/** One page, newest first: fetch one row more than asked to know whether another page follows. */
function page<T extends { id: number }>(rows: T[], limit: number): { rows: T[]; next_cursor: number | null } {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { rows: shown, next_cursor: rows.length > limit && last ? last.id : null };
}

/**
 * `token=` takes what request_logs.client_token holds (a token key or `admin_token`) or a token
 * id, which is looked up so operators need not paste keys into URLs.
 */
async function tokenFilter(store: Store, value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const id = idParam(value);
  if (id === undefined) return value;
  const token = await store.tokens.get(id);
  if (!token) throw new GatewayError('invalid_request', `query parameter token: no token with id ${id}`, { param: 'token' });
  return token.key;
}

/** request_logs and admin_logs with filters and keyset pagination (`cursor` = last id seen). */
export function logsRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store } = ctx.deps;
  const schemas = logQuerySchemas(ctx.time);

  router.get('/logs', ...ctx.op('logs.list'), async (req, res) => {
    const q = parseQuery(schemas.requestLogs, req.query);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const rows = await store.requestLogs.list({
      token: await tokenFilter(store, q.token),
      model: q.model,
      provider: q.provider,
      status: q.status,
      from: q.from,
      to: q.to,
      before_id: q.cursor,
      limit: limit + 1,
    });
    const result = page(rows, limit);
    addDetail(res, { count: result.rows.length });
    res.json({ data: result.rows.map((r) => presentRequestLog(r, ctx.time)), next_cursor: result.next_cursor });
  });

  router.get('/admin-logs', ...ctx.op('admin_logs.list'), async (req, res) => {
    const q = parseQuery(schemas.adminLogs, req.query);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const rows = await store.adminLogs.list({
      operation: q.operation,
      status: q.status,
      from: q.from,
      to: q.to,
      before_id: q.cursor,
      limit: limit + 1,
    });
    const result = page(rows, limit);
    addDetail(res, { count: result.rows.length });
    res.json({ data: result.rows.map((r) => presentAdminLog(r, ctx.time)), next_cursor: result.next_cursor });
  });

  return router;
}
