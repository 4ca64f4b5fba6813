import { Router } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import { addDetail } from '../audit/audit';
import { loadCatalog } from '../catalog/catalog';
import type { AdminContext } from '../context';
import { presentAlias } from '../presenters/catalog.presenter';
import { aliasName, aliasPutSchema } from '../schemas/alias.schema';
import { emptyQuery } from '../schemas/provider.schema';
import { parseBody, parseQuery } from '../schemas/validate';
import { pathParam } from './path-param';

/** The alias named in the path, checked as the column holds it (so nothing unstorable reaches a query). */
function aliasOf(text: string): string {
  const result = aliasName.safeParse(text);
  if (!result.success) {
    throw new GatewayError('invalid_request', `alias ${JSON.stringify(text)} is not valid: it must be 1 to 255 characters without whitespace or control characters`, {
      param: 'alias',
    });
  }
  return result.data;
}

/**
 * Aliases: other names for catalog models (an alias may contain "/", so the path takes the rest);
 * one target, or several with priorities and weights (fallbacks across providers).
 */
export function aliasesRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store } = ctx.deps;

  router.get('/aliases', ...ctx.op('alias.list'), async (req, res) => {
    parseQuery(emptyQuery, req.query);
    res.json({ data: (await store.aliases.list()).map(presentAlias), next_cursor: null });
  });

  router.get('/aliases/*alias', ...ctx.op('alias.get', 'alias'), async (req, res) => {
    const alias = aliasOf(pathParam(req, 'alias'));
    const found = (await store.aliases.list()).find((a) => a.alias === alias);
    if (!found) throw new GatewayError('not_found', `alias "${alias}" not found`);
    res.json(presentAlias(found));
  });

  router.put('/aliases/*alias', ...ctx.op('alias.put', 'alias'), async (req, res) => {
    const alias = aliasOf(pathParam(req, 'alias'));
    const body = parseBody(aliasPutSchema, req.body);
    const catalog = await loadCatalog(store);
    const given = 'target' in body ? body.target : body.targets;
    const models = typeof given === 'string' ? [given] : given.map((t) => t.model);
    models.forEach((model, i) => {
      if (catalog.has(model)) return;
      throw new GatewayError('model_not_found', `alias target "${model}" is not a catalog model (write provider/model or a model id in the catalog)`, {
        param: typeof given === 'string' ? 'target' : `targets[${i}].model`,
      });
    });
    if (new Set(models).size !== models.length) {
      throw new GatewayError('invalid_request', 'alias targets name the same model twice', { param: 'targets' });
    }
    const saved = await store.aliases.put(alias, given);
    addDetail(res, typeof given === 'string' ? { target: given } : { targets: given });
    await ctx.changed('aliases');
    res.json(presentAlias(saved));
  });

  router.delete('/aliases/*alias', ...ctx.op('alias.delete', 'alias'), async (req, res) => {
    const alias = aliasOf(pathParam(req, 'alias'));
    if (!(await store.aliases.delete(alias))) throw new GatewayError('not_found', `alias "${alias}" not found`);
    await ctx.changed('aliases');
    res.json({ alias, deleted: true });
  });

  return router;
}
