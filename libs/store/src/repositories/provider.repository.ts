import type { Knex } from 'knex';
import type { CatalogModel, ModelPrice, NewProvider, Provider, ProviderKey, ProviderPatch } from '../types';
import { conflictOnUnique } from '../db-errors';
import { StoreError } from '../store-error';
import { toBoolean, toNumber, toNullableString, type DbRow } from '../values.util';
import type { StoreContext } from './context';
import { providerNotFound } from './provider-check';
import { readRows, type OnUnreadableRow } from './unreadable-rows';
import { KeyRepository } from './key.repository';
import { ModelRepository } from './model.repository';
import { PriceRepository } from './price.repository';

export interface RemovedWithProvider {
  keys: ProviderKey[];
  models: CatalogModel[];
  prices: ModelPrice[];
}

export class ProviderRepository {
  constructor(private readonly ctx: StoreContext) {}

  private toProvider(row: DbRow): Provider {
    const { time } = this.ctx;
    return {
      id: toNumber(row.id),
      name: String(row.name),
      api_type: row.api_type as Provider['api_type'],
      base_url: String(row.base_url),
      models_endpoint: toNullableString(row.models_endpoint),
      key_strategy: row.key_strategy as Provider['key_strategy'],
      enabled: toBoolean(row.enabled),
      responses_api: toBoolean(row.responses_api),
      created_at: time.fromDb(row.created_at),
      updated_at: time.fromDb(row.updated_at),
    };
  }

  async create(p: NewProvider): Promise<Provider> {
    const { knex, time } = this.ctx;
    const conflict = `provider "${p.name}" already exists`;
    if (await this.getByName(p.name)) throw new StoreError('conflict', conflict);
    const now = time.toDb(new Date());
    const rows = await conflictOnUnique(
      () =>
        knex('providers')
          .insert({
            name: p.name,
            api_type: p.api_type,
            base_url: p.base_url,
            models_endpoint: p.models_endpoint ?? null,
            key_strategy: p.key_strategy ?? 'first',
            enabled: p.enabled ?? true,
            responses_api: p.responses_api ?? false,
            created_at: now,
            updated_at: now,
          })
          .returning('*'),
      conflict,
    );
    return this.toProvider(rows[0] as DbRow);
  }

  /** `onSkip`: see readRows. */
  async list(onSkip?: OnUnreadableRow): Promise<Provider[]> {
    const rows: DbRow[] = await this.ctx.knex('providers').select('*').orderBy('name');
    return readRows('providers', rows, (row) => this.toProvider(row), onSkip);
  }

  async getByName(name: string): Promise<Provider | undefined> {
    const row: DbRow | undefined = await this.ctx.knex('providers').where('name', name).first();
    return row ? this.toProvider(row) : undefined;
  }

  async getById(id: number): Promise<Provider | undefined> {
    const row: DbRow | undefined = await this.ctx.knex('providers').where('id', id).first();
    return row ? this.toProvider(row) : undefined;
  }

  async update(id: number, patch: ProviderPatch): Promise<Provider> {
    const { knex, time } = this.ctx;
    const changes: DbRow = { updated_at: time.toDb(new Date()) };
    for (const field of ['api_type', 'base_url', 'models_endpoint', 'key_strategy', 'enabled', 'responses_api'] as const) {
      if (patch[field] !== undefined) changes[field] = patch[field];
    }
    const count = await knex('providers').where('id', id).update(changes);
    const updated = count > 0 ? await this.getById(id) : undefined;
    if (!updated) throw providerNotFound(id);
    return updated;
  }

  /**
   * Removes the provider with its keys, catalog models and prices in one transaction, deleting each
   * explicitly (not trusting ON DELETE CASCADE alone), and returns what went so each can be logged.
   */
  async delete(id: number): Promise<RemovedWithProvider> {
    return this.ctx.knex.transaction(async (trx: Knex.Transaction) => {
      const scoped: StoreContext = { ...this.ctx, knex: trx };
      const provider = await new ProviderRepository(scoped).getById(id);
      if (!provider) throw providerNotFound(id);
      const removed: RemovedWithProvider = {
        keys: await new KeyRepository(scoped).list(id),
        models: await new ModelRepository(scoped).list(id),
        prices: await new PriceRepository(scoped).list(id),
      };
      for (const table of ['model_prices', 'models', 'provider_keys']) {
        await trx(table).where('provider_id', id).del();
      }
      await trx('providers').where('id', id).del();
      return removed;
    });
  }
}
