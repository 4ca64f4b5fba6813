import { Router } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import { addDetail, setTarget } from '../audit/audit';
import { loadCatalog } from '../catalog/catalog';
import { providerByName } from '../catalog/lookups';
import type { AdminContext } from '../context';
import { presentPrice } from '../presenters/catalog.presenter';
import { modelId } from '../schemas/common';
import { pricePutSchema } from '../schemas/price.schema';
import { emptyQuery } from '../schemas/provider.schema';
import { parseBody, parseQuery } from '../schemas/validate';
import { pathParam } from './path-param';

/** Prices per million tokens, in billing.currency, for catalog models. */
export function pricesRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store, config } = ctx.deps;
  const currency = config.billing.currency;

  router.get('/prices', ...ctx.op('price.list'), async (req, res) => {
    parseQuery(emptyQuery, req.query);
    res.json({ data: (await store.prices.list(undefined, ctx.logUnreadable)).map((p) => presentPrice(p, ctx.time)), next_cursor: null });
  });

  router.put('/prices', ...ctx.op('price.put'), async (req, res) => {
    const body = parseBody(pricePutSchema, req.body);
    setTarget(res, `${body.provider}/${body.model}`);
    if (body.currency !== undefined && body.currency !== currency) {
      throw new GatewayError('invalid_request', `currency must be ${currency} (billing.currency), not "${body.currency}"`, { param: 'currency' });
    }
    const provider = await providerByName(store, body.provider);
    if (!(await loadCatalog(store)).idsOf(provider.id).has(body.model)) {
      throw new GatewayError('model_not_found', `model "${body.model}" is not in the catalog of provider "${provider.name}"`, { param: 'model' });
    }
    const price = await store.prices.put({
      provider_id: provider.id,
      model_id: body.model,
      prompt_per_million: body.prompt_per_million,
      completion_per_million: body.completion_per_million,
      cached_prompt_per_million: body.cached_prompt_per_million ?? null,
      currency,
    });
    addDetail(res, {
      prompt_per_million: body.prompt_per_million,
      completion_per_million: body.completion_per_million,
      cached_prompt_per_million: body.cached_prompt_per_million ?? null,
      currency,
    });
    await ctx.changed('prices');
    res.json(presentPrice(price, ctx.time));
  });

  router.delete('/prices/:provider/*model', ...ctx.op('price.delete'), async (req, res) => {
    const model = pathParam(req, 'model');
    setTarget(res, `${pathParam(req, 'provider')}/${model}`);
    if (!modelId.safeParse(model).success) {
      throw new GatewayError('invalid_request', `model: ${JSON.stringify(model)} is not a model id (1 to 255 characters, no whitespace or control characters)`, { param: 'model' });
    }
    const provider = await providerByName(store, pathParam(req, 'provider'));
    if (!(await store.prices.delete(provider.id, model))) {
      throw new GatewayError('not_found', `no price set for "${provider.name}/${model}"`);
    }
    await ctx.changed('prices');
    res.json({ provider: provider.name, model, deleted: true });
  });

  return router;
}
