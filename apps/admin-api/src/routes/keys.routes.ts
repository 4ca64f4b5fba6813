import { Router } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import { addDetail, setOperation } from '../audit/audit';
import { idParam, providerByName } from '../catalog/lookups';
import type { AdminContext } from '../context';
import { presentKey, presentRevealedKey, shownHint } from '../presenters/key.presenter';
import { keysAddSchema, keysListQuery } from '../schemas/key.schema';
import { parseBody, parseQuery } from '../schemas/validate';
import { pathParam } from './path-param';

/** Upstream keys of one provider: list (hints; plaintext on reveal), add many, delete by id. */
export function keysRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store, config } = ctx.deps;
  const display = config.logging.key_display;

  router.get('/providers/:name/keys', ...ctx.op('key.list', 'name'), async (req, res) => {
    const query = parseQuery(keysListQuery, req.query);
    const provider = await providerByName(store, pathParam(req, 'name'));
    if (query.reveal === 'true') {
      setOperation(res, 'key.reveal');
      const keys = await store.keys.listWithSecrets(provider.id);
      addDetail(res, { key_ids: keys.map((k) => k.id) });
      res.json({ data: keys.map((k) => presentRevealedKey(k, ctx.time, display)), next_cursor: null });
      return;
    }
    const keys = await store.keys.list(provider.id);
    res.json({ data: keys.map((k) => presentKey(k, ctx.time, display)), next_cursor: null });
  });

  router.post('/providers/:name/keys', ...ctx.op('key.add', 'name'), async (req, res) => {
    const body = parseBody(keysAddSchema, req.body);
    const provider = await providerByName(store, pathParam(req, 'name'));
    const added = await store.keys.add(provider.id, body.keys);
    addDetail(res, { count: added.length, keys: added.map((k) => ({ id: k.id, hint: shownHint(k.key_hint, display) })) });
    await ctx.changed('keys');
    res.status(201).json({ data: added.map((k) => presentKey(k, ctx.time, display)), next_cursor: null });
  });

  router.delete('/providers/:name/keys/:id', ...ctx.op('key.delete', 'name'), async (req, res) => {
    const provider = await providerByName(store, pathParam(req, 'name'));
    const id = idParam(pathParam(req, 'id'));
    const key = id === undefined ? undefined : (await store.keys.list(provider.id)).find((k) => k.id === id);
    if (id === undefined || !key || !(await store.keys.delete(provider.id, id))) {
      throw new GatewayError('key_not_found', `key ${JSON.stringify(pathParam(req, 'id'))} not found on provider "${provider.name}"`);
    }
    addDetail(res, { key_id: id, hint: shownHint(key.key_hint, display) });
    await ctx.changed('keys');
    res.json({ id, deleted: true });
  });

  return router;
}
