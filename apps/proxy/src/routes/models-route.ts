import type { RequestHandler } from 'express';
import { authenticate } from '../auth/authenticate';
import type { BudgetLedger } from '../budget/budget-ledger';
import { recordOf } from '../record/request-record';
import type { StateHolder } from '../state/state-holder';

interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** GET /v1/models: the catalog as `provider/model` plus aliases, filtered by the token's allow-list. */
export function modelsHandler(deps: { state: StateHolder; ledger: BudgetLedger }): RequestHandler {
  return (req, res) => {
    const record = recordOf(res);
    const state = deps.state.current;
    const principal = authenticate(req, res, record, state, deps.ledger);
    const allowed = principal.kind === 'client' ? principal.token.allowed_models : null;
    const data: ModelEntry[] = [];
    for (const model of state.catalogModels) {
      const id = `${model.provider}/${model.model_id}`;
      if (allowed && !allowed.includes(id) && !allowed.includes(model.model_id)) continue;
      data.push({ id, object: 'model', created: Math.floor(model.created_at.getTime() / 1000), owned_by: model.provider });
    }
    for (const alias of state.aliasList) {
      if (allowed && !allowed.includes(alias.alias)) continue;
      data.push({ id: alias.alias, object: 'model', created: 0, owned_by: 'alias' });
    }
    res.json({ object: 'list', data });
  };
}
