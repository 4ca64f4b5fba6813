import { Router, type Request } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import { addDetail } from '../audit/audit';
import { loadCatalog, quoteList } from '../catalog/catalog';
import { providerByName } from '../catalog/lookups';
import type { AdminContext } from '../context';
import { presentCatalogModel } from '../presenters/catalog.presenter';
import { modelId } from '../schemas/common';
import { modelAddSchema, modelIdsSchema, modelPatchSchema } from '../schemas/model.schema';
import { emptyQuery } from '../schemas/provider.schema';
import { parseBody, parseQuery } from '../schemas/validate';
import { fetchUpstreamModelIds, noModelsEndpoint } from '../upstream/upstream-models';
import { pathParam } from './path-param';

function uniqueIds(req: Request): string[] {
  return [...new Set(parseBody(modelIdsSchema, req.body).ids)];
}

function modelParam(req: Request): string {
  const model = pathParam(req, 'model');
  if (!modelId.safeParse(model).success) {
    throw new GatewayError('invalid_request', `model: ${JSON.stringify(model)} is not a model id (1 to 255 characters, no whitespace or control characters)`, { param: 'model' });
  }
  return model;
}

/** Model discovery (upstream now, nothing stored) and the catalog the operator chose to expose. */
export function modelsRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store, config, dispatcher } = ctx.deps;
  const upstream = { store, dispatcher, timeoutMs: config.server.upstream_timeout, bodyLimit: config.server.upstream_body_limit };

  router.get('/providers/:name/upstream-models', ...ctx.op('models.discover', 'name'), async (req, res) => {
    parseQuery(emptyQuery, req.query);
    const provider = await providerByName(store, pathParam(req, 'name'));
    const ids = await fetchUpstreamModelIds(provider, upstream);
    if (ids === null) throw noModelsEndpoint(provider);
    const inCatalog = (await loadCatalog(store)).idsOf(provider.id);
    addDetail(res, { upstream_count: ids.length });
    res.json({ data: ids.map((id) => ({ id, in_catalog: inCatalog.has(id) })), next_cursor: null });
  });

  router.post('/providers/:name/models', ...ctx.op('models.add', 'name'), async (req, res) => {
    const body = parseBody(modelAddSchema, req.body);
    const ids = [...new Set(body.ids)];
    const cap = body.max_output_tokens ?? null;
    const provider = await providerByName(store, pathParam(req, 'name'));
    const offered = await fetchUpstreamModelIds(provider, upstream);
    const known = new Set(offered ?? []);
    const notListed = offered === null ? [] : ids.filter((id) => !known.has(id));
    if (notListed.length > 0 && body.unlisted !== true) {
      throw new GatewayError(
        'invalid_request',
        `not offered by provider "${provider.name}" upstream: ${quoteList(notListed)}; nothing was added (send "unlisted": true to add ids the upstream serves without listing them)`,
        { param: 'ids' },
      );
    }
    const added = (await store.models.add(provider.id, ids, cap, new Set(notListed))).map((m) => m.model_id);
    const addedSet = new Set(added);
    const existing = ids.filter((id) => !addedSet.has(id));
    const unlisted = notListed.filter((id) => addedSet.has(id));
    addDetail(res, { added, existing, checked_upstream: offered !== null, max_output_tokens: cap, ...(unlisted.length > 0 ? { unlisted } : {}) });
    if (added.length > 0) await ctx.changed('models');
    res.json({ provider: provider.name, added, existing, ...(body.unlisted === true ? { unlisted } : {}) });
  });

  // The model id may contain "/", so it is the rest of the path.
  router.patch('/providers/:name/models/*model', ...ctx.op('models.update', 'name'), async (req, res) => {
    const body = parseBody(modelPatchSchema, req.body);
    const model = modelParam(req);
    const provider = await providerByName(store, pathParam(req, 'name'));
    const cap = body.max_output_tokens ?? null;
    const updated = await store.models.setOutputCap(provider.id, model, cap);
    if (!updated) throw new GatewayError('model_not_found', `model "${model}" is not in the catalog of provider "${provider.name}"`, { param: 'model' });
    addDetail(res, { model, max_output_tokens: cap });
    await ctx.changed('models');
    const priced = (await store.prices.list(provider.id)).some((p) => p.model_id === model);
    res.json(presentCatalogModel(updated, ctx.time, priced));
  });

  router.delete('/providers/:name/models', ...ctx.op('models.remove', 'name'), async (req, res) => {
    const ids = uniqueIds(req);
    const provider = await providerByName(store, pathParam(req, 'name'));
    const { removed, missing } = await store.models.remove(provider.id, ids);
    addDetail(res, { removed, missing });
    if (removed.length > 0) await ctx.changed('models');
    res.json({ provider: provider.name, removed, missing });
  });

  router.get('/models', ...ctx.op('models.list'), async (req, res) => {
    parseQuery(emptyQuery, req.query);
    const [models, prices] = await Promise.all([store.models.list(undefined, ctx.logUnreadable), store.prices.list(undefined, ctx.logUnreadable)]);
    const priced = new Set(prices.map((p) => `${p.provider_id}\u0000${p.model_id}`));
    const data = models.map((m) => presentCatalogModel(m, ctx.time, priced.has(`${m.provider_id}\u0000${m.model_id}`)));
    res.json({ data, next_cursor: null });
  });

  return router;
}
