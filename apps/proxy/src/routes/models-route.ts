import type { Request, RequestHandler } from 'express';
import { anthropicModelList, type ListedModel } from '@aigw/adapters';
import { authenticate } from '../auth/authenticate';
import type { BudgetLedger } from '../budget/budget-ledger';
import { recordOf } from '../record/request-record';
import type { RoutingState } from '../state/routing-state';
import type { StateHolder } from '../state/state-holder';

interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

type Listed = ListedModel & { ownedBy: string };

/** Anthropic clients (the SDK, Claude Code) send `anthropic-version` with every request. */
export function isAnthropicClient(req: Request): boolean {
  return req.headers['anthropic-version'] !== undefined;
}

/**
 * GET /v1/models: the catalog as `provider/model` plus aliases, filtered by the token's allow-list.
 * In Anthropic's list shape when the request carries `anthropic-version`, OpenAI's otherwise.
 */
export function modelsHandler(deps: { state: StateHolder; ledger: BudgetLedger }): RequestHandler {
  return (req, res) => {
    const record = recordOf(res);
    const state = deps.state.current;
    const principal = authenticate(req, res, record, state, deps.ledger, true);
    const listed = listModels(state, principal.kind === 'client' ? principal.token.allowed_models : null);
    res.json(isAnthropicClient(req) ? anthropicModelList(listed) : openAiList(listed));
  };
}

function listModels(state: RoutingState, allowed: string[] | null): Listed[] {
  const listed: Listed[] = [];
  for (const model of state.catalogModels) {
    const id = `${model.provider}/${model.model_id}`;
    if (allowed && !allowed.includes(id) && !allowed.includes(model.model_id)) continue;
    listed.push({ id, created: model.created_at, ownedBy: model.provider });
  }
  for (const alias of state.aliasList) {
    if (allowed && !allowed.includes(alias.alias)) continue;
    listed.push({ id: alias.alias, created: null, ownedBy: 'alias' });
  }
  return listed;
}

function openAiList(listed: readonly Listed[]): { object: 'list'; data: ModelEntry[] } {
  const data = listed.map((m): ModelEntry => ({ id: m.id, object: 'model', created: m.created ? Math.floor(m.created.getTime() / 1000) : 0, owned_by: m.ownedBy }));
  return { object: 'list', data };
}
