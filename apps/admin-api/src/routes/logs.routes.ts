import { Router } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import { ADMIN_TOKEN_LABEL, type LogFilter, type Store } from '@aigw/store';
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
 * `token=` takes a token id, or `admin_token` for the admin token's rows. Not a key: keys are not
 * stored (a row names its token by id, name and hint), and a key has no place in a URL.
 */
async function tokenFilter(store: Store, value: string | undefined): Promise<LogFilter['token']> {
  if (value === undefined) return undefined;
  if (value === ADMIN_TOKEN_LABEL) return ADMIN_TOKEN_LABEL;
  const id = idParam(value);
  if (id === undefined) {
    throw new GatewayError('invalid_request', `query parameter token: a token id or ${ADMIN_TOKEN_LABEL}`, { param: 'token' });
  }
  if (!(await store.tokens.get(id))) throw new GatewayError('invalid_request', `query parameter token: no token with id ${id}`, { param: 'token' });
  return id;
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
      client_request_id: q.client_request_id,
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
      kind: q.kind === 'all' ? undefined : q.kind,
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
