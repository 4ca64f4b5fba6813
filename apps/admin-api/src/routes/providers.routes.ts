import { Router } from 'express';
import { normalizeBaseUrl } from '@aigw/adapters';
import { GatewayError } from '@aigw/shared-errors';
import type { Provider, Store } from '@aigw/store';
import { addCascade, addDetail, setTarget } from '../audit/audit';
import { providerByName } from '../catalog/lookups';
import type { AdminContext } from '../context';
import { presentProvider, type ProviderCounts } from '../presenters/provider.presenter';
import { shownHint } from '../presenters/key.presenter';
import { emptyQuery, providerCreateSchema, providerPatchSchema, responsesApiProblem } from '../schemas/provider.schema';
import { parseBody, parseQuery } from '../schemas/validate';
import { pathParam } from './path-param';

async function countsFor(store: Store, providers: Provider[]): Promise<Map<number, ProviderCounts>> {
  const [models, keyLists] = await Promise.all([store.models.list(), Promise.all(providers.map((p) => store.keys.list(p.id)))]);
  const counts = new Map<number, ProviderCounts>();
  providers.forEach((p, i) => {
    counts.set(p.id, { keys: keyLists[i]?.length ?? 0, models: models.filter((m) => m.provider_id === p.id).length });
  });
  return counts;
}

/** The responses_api flag on a type that cannot speak the Responses API is refused. */
function assertResponsesApiType(apiType: string, responsesApi: boolean | undefined): void {
  const problem = responsesApiProblem(apiType, responsesApi);
  if (problem) throw new GatewayError('invalid_request', `responses_api: ${problem}`, { param: 'responses_api' });
}

/** Providers: create (with initial keys), list, get, patch, delete with its cascade. */
export function providersRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store, config } = ctx.deps;
  const display = config.logging.key_display;

  const present = async (p: Provider) => {
    const counts = await countsFor(store, [p]);
    return presentProvider(p, ctx.time, counts.get(p.id) ?? { keys: 0, models: 0 });
  };

  router.post('/providers', ...ctx.op('provider.create'), async (req, res) => {
    const body = parseBody(providerCreateSchema, req.body);
    setTarget(res, body.name);
    const keys = body.keys ?? [];
    assertResponsesApiType(body.api_type, body.responses_api);
    const { url, note } = normalizeBaseUrl(body.api_type, body.base_url);
    const provider = await store.providers.create({
      name: body.name,
      api_type: body.api_type,
      base_url: url,
      models_endpoint: body.models_endpoint ?? null,
      key_strategy: body.key_strategy ?? 'first',
      enabled: body.enabled ?? true,
      responses_api: body.responses_api ?? false,
    });
    if (keys.length > 0) {
      try {
        await store.keys.add(provider.id, keys);
      } catch (err) {
        await store.providers.delete(provider.id);
        throw err;
      }
    }
    addDetail(res, { api_type: provider.api_type, base_url: provider.base_url, key_count: keys.length });
    await ctx.changed('providers');
    res.status(201).json({ ...(await present(provider)), ...(note ? { note } : {}) });
  });

  router.get('/providers', ...ctx.op('provider.list'), async (req, res) => {
    parseQuery(emptyQuery, req.query);
    const providers = await store.providers.list(ctx.logUnreadable);
    const counts = await countsFor(store, providers);
    const data = providers.map((p) => presentProvider(p, ctx.time, counts.get(p.id) ?? { keys: 0, models: 0 }));
    res.json({ data, next_cursor: null });
  });

  router.get('/providers/:name', ...ctx.op('provider.get', 'name'), async (req, res) => {
    parseQuery(emptyQuery, req.query);
    res.json(await present(await providerByName(store, pathParam(req, 'name'))));
  });

  router.patch('/providers/:name', ...ctx.op('provider.update', 'name'), async (req, res) => {
    const provider = await providerByName(store, pathParam(req, 'name'));
    const body = parseBody(providerPatchSchema, req.body);
    assertResponsesApiType(body.api_type ?? provider.api_type, body.responses_api ?? provider.responses_api);
    let note: string | undefined;
    const patch = { ...body };
    if (body.base_url !== undefined) {
      const normalized = normalizeBaseUrl(body.api_type ?? provider.api_type, body.base_url);
      patch.base_url = normalized.url;
      note = normalized.note;
    }
    const updated = await store.providers.update(provider.id, patch);
    addDetail(res, { changed: Object.keys(body), ...(patch.base_url ? { base_url: patch.base_url } : {}) });
    await ctx.changed('providers');
    res.json({ ...(await present(updated)), ...(note ? { note } : {}) });
  });

  router.delete('/providers/:name', ...ctx.op('provider.delete', 'name'), async (req, res) => {
    const provider = await providerByName(store, pathParam(req, 'name'));
    const removed = await store.providers.delete(provider.id);
    const name = provider.name;
    addCascade(res, [
      ...removed.keys.map((k) => ({
        operation: 'provider.delete.key' as const,
        target: name,
        detail: { key_id: k.id, hint: shownHint(k.key_hint, display) },
      })),
      ...removed.models.map((m) => ({
        operation: 'provider.delete.model' as const,
        target: `${name}/${m.model_id}`,
        detail: { model: m.model_id },
      })),
      ...removed.prices.map((p) => ({
        operation: 'provider.delete.price' as const,
        target: `${name}/${p.model_id}`,
        detail: {
          model: p.model_id,
          prompt_per_million: p.prompt_per_million,
          completion_per_million: p.completion_per_million,
          cached_prompt_per_million: p.cached_prompt_per_million,
          currency: p.currency,
        },
      })),
    ]);
    const counts = { keys: removed.keys.length, models: removed.models.length, prices: removed.prices.length };
    addDetail(res, { removed: counts });
    await ctx.changed('providers');
    res.json({ name, deleted: true, removed: counts });
  });

  return router;
}
