import { Router } from 'express';
import { GatewayError } from '@aigw/shared-errors';
import { budgetReached, generateTokenKey, type Store, type Token, type TokenPatch } from '@aigw/store';
import { addDetail, setTarget } from '../audit/audit';
import { quoteList, unknownModelRefs } from '../catalog/catalog';
import { idParam, tokenById } from '../catalog/lookups';
import type { AdminContext } from '../context';
import { limitsOf, presentToken } from '../presenters/token.presenter';
import { emptyQuery } from '../schemas/provider.schema';
import { tokenSchemas } from '../schemas/token.schema';
import { parseBody, parseQuery } from '../schemas/validate';
import { pathParam } from './path-param';

async function assertKnownModels(store: Store, refs: string[] | null | undefined): Promise<void> {
  if (!refs || refs.length === 0) return;
  const unknown = await unknownModelRefs(store, refs);
  if (unknown.length > 0) {
    throw new GatewayError('invalid_request', `allowed_models: not in the catalog and not an alias: ${quoteList(unknown)}`, {
      param: 'allowed_models',
    });
  }
}

/** The token as it will be after the patch, with the enable/disable bookkeeping the patch implies. */
function withBookkeeping(token: Token, patch: TokenPatch): TokenPatch {
  const out: TokenPatch = { ...patch };
  if (patch.enabled === false) out.disabled_reason = 'manual';
  else if (patch.enabled === true) out.disabled_reason = null;
  else if (token.disabled_reason === 'exhausted' && patch.max_amount !== undefined) {
    // A budget raised above what is spent (by more than the last unit) lifts the automatic disable.
    if (patch.max_amount === null || !budgetReached(patch.max_amount, token.amount_spent)) {
      out.enabled = true;
      out.disabled_reason = null;
    }
  }
  return out;
}

/** A token deleted between the read and the update is simply not found. */
function updatedOrGone(token: Token | undefined, id: number): Token {
  if (!token) throw new GatewayError('not_found', `token ${id} not found`);
  return token;
}

/** Safe to log: everything but the key. */
function tokenDetail(t: Token): Record<string, unknown> {
  return { name: t.name, allowed_models: t.allowed_models, mcp_allowed: t.mcp_allowed, max_amount: t.max_amount, ...limitsOf(t), enabled: t.enabled, expires_at: t.expires_at?.toISOString() ?? null };
}

/**
 * Client tokens: create (server-generated key), list, get, patch, enable, disable, rotate, delete.
 * The key is in the answer of create and rotate only: the store keeps just its hash and hint.
 */
export function tokensRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store, config } = ctx.deps;
  const currency = config.billing.currency;
  const schemas = tokenSchemas(ctx.time);
  const present = (t: Token) => presentToken(t, ctx.time, currency);

  router.post('/tokens', ...ctx.op('token.create'), async (req, res) => {
    const body = parseBody(schemas.create, req.body);
    await assertKnownModels(store, body.allowed_models);
    // A token created disabled gets disabled_reason 'manual' from the store.
    const key = generateTokenKey();
    const created = await store.tokens.create({
      key,
      name: body.name,
      allowed_models: body.allowed_models ?? null,
      mcp_allowed: body.mcp_allowed ?? null,
      max_amount: body.max_amount ?? null,
      rpm_limit: body.rpm_limit ?? null,
      tpm_limit: body.tpm_limit ?? null,
      concurrency_limit: body.concurrency_limit ?? null,
      expires_at: body.expires_at ?? null,
      enabled: body.enabled ?? true,
    });
    setTarget(res, created.id);
    addDetail(res, tokenDetail(created));
    await ctx.changed('tokens');
    res.status(201).json({ ...present(created), key });
  });

  router.post('/tokens/:id/rotate', ...ctx.op('token.rotate', 'id'), async (req, res) => {
    const token = await tokenById(store, pathParam(req, 'id'));
    const key = generateTokenKey();
    const rotated = updatedOrGone(await store.tokens.rotateKey(token.id, key), token.id);
    addDetail(res, { name: rotated.name, was: token.key_hint, key_hint: rotated.key_hint });
    // Every proxy reloads and from then on knows only the new hash: the old key stops working.
    await ctx.changed('tokens');
    res.json({ ...present(rotated), key });
  });

  router.get('/tokens', ...ctx.op('token.list'), async (req, res) => {
    parseQuery(emptyQuery, req.query);
    res.json({ data: (await store.tokens.list(ctx.logUnreadable)).map(present), next_cursor: null });
  });

  router.get('/tokens/:id', ...ctx.op('token.get', 'id'), async (req, res) => {
    parseQuery(emptyQuery, req.query);
    res.json(present(await tokenById(store, pathParam(req, 'id'))));
  });

  router.patch('/tokens/:id', ...ctx.op('token.update', 'id'), async (req, res) => {
    const token = await tokenById(store, pathParam(req, 'id'));
    const body = parseBody(schemas.patch, req.body);
    await assertKnownModels(store, body.allowed_models);
    const patch = withBookkeeping(token, body);
    const updated = updatedOrGone(await store.tokens.update(token.id, patch), token.id);
    addDetail(res, { changed: Object.keys(body), ...tokenDetail(updated) });
    await ctx.changed('tokens');
    res.json(present(updated));
  });

  for (const action of ['enable', 'disable'] as const) {
    router.post(`/tokens/:id/${action}`, ...ctx.op(`token.${action}`, 'id'), async (req, res) => {
      const token = await tokenById(store, pathParam(req, 'id'));
      const patch: TokenPatch = action === 'enable' ? { enabled: true, disabled_reason: null } : { enabled: false, disabled_reason: 'manual' };
      const updated = updatedOrGone(await store.tokens.update(token.id, patch), token.id);
      addDetail(res, { was: { enabled: token.enabled, disabled_reason: token.disabled_reason } });
      await ctx.changed('tokens');
      res.json(present(updated));
    });
  }

  // By id and name only: a row whose other columns cannot be read (left out of lists and of the
  // proxies' snapshot) can still be deleted.
  router.delete('/tokens/:id', ...ctx.op('token.delete', 'id'), async (req, res) => {
    const idText = pathParam(req, 'id');
    const id = idParam(idText);
    const name = id === undefined ? undefined : await store.tokens.nameOf(id);
    if (id === undefined || name === undefined || !(await store.tokens.delete(id))) {
      throw new GatewayError('not_found', `token ${JSON.stringify(idText ?? '')} not found`);
    }
    addDetail(res, { name });
    await ctx.changed('tokens');
    res.json({ id, deleted: true });
  });

  return router;
}
