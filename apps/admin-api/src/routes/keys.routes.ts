import { Router } from 'express';
import type { KeyHealthStorage } from '@aigw/events';
import { GatewayError } from '@aigw/shared-errors';
import { addDetail, setOperation } from '../audit/audit';
import { idParam, providerByName } from '../catalog/lookups';
import type { AdminContext } from '../context';
import { presentKeyHealth } from '../presenters/key-health.presenter';
import { presentKey, presentRevealedKey, shownHint } from '../presenters/key.presenter';
import { keysAddSchema, keysListQuery } from '../schemas/key.schema';
import { parseBody, parseQuery } from '../schemas/validate';
import { pathParam } from './path-param';

/** The proxies' live records of these keys; none when there is no storage or it cannot be read (the database's states still show). */
async function readLiveHealth(ctx: AdminContext, ids: number[]): Promise<Awaited<ReturnType<KeyHealthStorage['read']>>> {
  try {
    if (ctx.deps.keyHealth) return await ctx.deps.keyHealth.read(ids);
  } catch (err) {
    ctx.deps.logger.warn({ err }, 'key health unreadable; showing the database states only');
  }
  return { records: new Map(), counts: new Map() };
}

/** Upstream keys of one provider: list (hints, states; plaintext on reveal), add many, enable, disable, delete by id. */
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
    const live = await readLiveHealth(ctx, keys.map((k) => k.id));
    const now = Date.now();
    res.json({
      data: keys.map((k) => ({ ...presentKey(k, ctx.time, display), ...presentKeyHealth(k, live.records.get(k.id), live.counts.get(k.id), now, ctx.time) })),
      next_cursor: null,
    });
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    router.post(`/providers/:name/keys/:id/${action}`, ...ctx.op(`key.${action}`, 'name'), async (req, res) => {
      const provider = await providerByName(store, pathParam(req, 'name'));
      const id = idParam(pathParam(req, 'id'));
      const key = id === undefined ? undefined : await store.keys.setEnabled(provider.id, id, enabled);
      if (id === undefined || !key) throw new GatewayError('key_not_found', `key ${JSON.stringify(pathParam(req, 'id'))} not found on provider "${provider.name}"`);
      // Re-enabling forgets what the proxies learnt about the key (invalid, cooling, open breaker).
      if (enabled) await ctx.deps.keyHealth?.clear(id);
      addDetail(res, { key_id: id, hint: shownHint(key.key_hint, display) });
      await ctx.changed('keys');
      const live = await readLiveHealth(ctx, [id]);
      res.json({ ...presentKey(key, ctx.time, display), ...presentKeyHealth(key, live.records.get(id), live.counts.get(id), Date.now(), ctx.time) });
    });
  }

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
