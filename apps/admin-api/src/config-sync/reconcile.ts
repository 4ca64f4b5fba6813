import type { AigwConfig } from '@aigw/config';
import { StartupError } from '@aigw/http';
import type { AdminLogInput, Provider, ProviderPatch, Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';
import type { Operation } from '../audit/operations';
import { shownHint } from '../presenters/key.presenter';
import { responsesApiProblem } from '../schemas/provider.schema';
import type { PlannedModel, PlannedProvider } from './plan';

export interface ConfigSyncDeps {
  config: AigwConfig;
  store: Store;
  logger: Logger;
}

/** An admin_logs row of a change the config file made at start; `path` names the file's table. */
export function configRow(operation: Operation, target: string, detail: Record<string, unknown>, path = '[[providers]]'): AdminLogInput {
  return { ts: new Date(), actor: 'config', method: 'CONFIG', path, operation, target, status_code: 200, error_message: null, detail };
}

const PROVIDER_FIELDS = ['api_type', 'base_url', 'models_endpoint', 'key_strategy', 'responses_api'] as const;

/** Creates the provider, or updates the fields the file gives that differ from the stored ones. */
async function syncProvider(store: Store, plan: PlannedProvider, rows: AdminLogInput[]): Promise<Provider> {
  const { fields } = plan;
  const stored = await store.providers.getByName(fields.name);
  if (!stored) {
    const created = await store.providers.create(fields);
    rows.push(configRow('provider.create', fields.name, { api_type: created.api_type, base_url: created.base_url, key_count: plan.keys.length }));
    return created;
  }
  const patch: ProviderPatch = {};
  for (const field of PROVIDER_FIELDS) {
    const wanted = fields[field];
    if (wanted !== undefined && wanted !== stored[field]) Object.assign(patch, { [field]: wanted });
  }
  const changed = Object.keys(patch);
  if (changed.length === 0) return stored;
  // The file may change api_type while the stored provider keeps a responses_api it left out.
  const problem = responsesApiProblem(patch.api_type ?? stored.api_type, patch.responses_api ?? stored.responses_api);
  if (problem) throw new StartupError(`config file provider "${fields.name}": responses_api: ${problem}`);
  const updated = await store.providers.update(stored.id, patch);
  rows.push(configRow('provider.update', fields.name, { changed, ...(patch.base_url ? { base_url: patch.base_url } : {}) }));
  return updated;
}

/** Adds the models not in the catalog, sets the caps the file gives, and the prices that differ. */
async function syncModels(deps: ConfigSyncDeps, provider: Provider, models: PlannedModel[], rows: AdminLogInput[]): Promise<void> {
  const { store } = deps;
  const currency = deps.config.billing.currency;
  const catalog = new Map((await store.models.list(provider.id)).map((m) => [m.model_id, m]));
  const prices = new Map((await store.prices.list(provider.id)).map((p) => [p.model_id, p]));
  const added: string[] = [];
  for (const m of models) {
    const present = catalog.get(m.id);
    if (!present) {
      await store.models.add(provider.id, [m.id], m.max_output_tokens ?? null);
      added.push(m.id);
    } else if (m.max_output_tokens !== undefined && m.max_output_tokens !== present.max_output_tokens) {
      await store.models.setOutputCap(provider.id, m.id, m.max_output_tokens);
      rows.push(configRow('models.update', provider.name, { model: m.id, max_output_tokens: m.max_output_tokens }));
    }
  }
  if (added.length > 0) rows.push(configRow('models.add', provider.name, { added, existing: [], checked_upstream: false }));
  for (const m of models) {
    if (!m.price) continue;
    const was = prices.get(m.id);
    const same =
      was !== undefined &&
      was.currency === currency &&
      was.prompt_per_million === m.price.prompt_per_million &&
      was.completion_per_million === m.price.completion_per_million &&
      was.cached_prompt_per_million === m.price.cached_prompt_per_million;
    if (same) continue;
    await store.prices.put({ provider_id: provider.id, model_id: m.id, ...m.price, currency });
    rows.push(configRow('price.put', `${provider.name}/${m.id}`, { ...m.price, currency }));
  }
}

/**
 * Reconciles the config file's [[providers]] into the database: each provider is created or updated
 * to match the fields the file gives, its keys are added when missing (compared by hash), its models
 * added to the catalog, caps and prices set. Nothing is ever deleted: what the admin API created
 * (a provider, key or model the file does not name) stays. Each change is one admin_logs row with
 * actor `config`; a start that changes nothing writes none. Returns the number of changes.
 */
export async function syncConfigProviders(deps: ConfigSyncDeps, plans: PlannedProvider[]): Promise<number> {
  const { store, logger } = deps;
  const display = deps.config.logging.key_display;
  let changes = 0;
  for (const plan of plans) {
    if (plan.note) logger.info({ provider: plan.fields.name }, `config file provider: ${plan.note}`);
    const rows: AdminLogInput[] = [];
    try {
      const provider = await syncProvider(store, plan, rows);
      const keys = await store.keys.addMissing(provider.id, plan.keys);
      if (keys.length > 0) rows.push(configRow('key.add', provider.name, { count: keys.length, keys: keys.map((k) => ({ id: k.id, hint: shownHint(k.key_hint, display) })) }));
      await syncModels(deps, provider, plan.models, rows);
    } finally {
      // What was changed before a failure is still recorded.
      await store.adminLogs.insert(rows);
      changes += rows.length;
    }
  }
  if (changes > 0) logger.info({ changes, providers: plans.length }, 'providers from the config file reconciled');
  return changes;
}
