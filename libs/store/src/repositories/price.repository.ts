import type { Knex } from 'knex';
import type { ModelPrice, NewPrice } from '../types';
import { conflictOnUnique } from '../db-errors';
import { toNullableNumber, toNumber, type DbRow } from '../values.util';
import type { StoreContext } from './context';
import { readRows, type OnUnreadableRow } from './unreadable-rows';
import { requireProviderName } from './provider-check';

/** Prices per million tokens, one row per (provider, model). */
export class PriceRepository {
  constructor(private readonly ctx: StoreContext) {}

  private toPrice(row: DbRow): ModelPrice {
    return {
      id: toNumber(row.id),
      provider_id: toNumber(row.provider_id),
      provider: String(row.provider),
      model_id: String(row.model_id),
      prompt_per_million: toNumber(row.prompt_per_million),
      completion_per_million: toNumber(row.completion_per_million),
      cached_prompt_per_million: toNullableNumber(row.cached_prompt_per_million),
      currency: String(row.currency),
      updated_at: this.ctx.time.fromDb(row.updated_at),
    };
  }

  private select(knex: Knex): Knex.QueryBuilder {
    return knex('model_prices')
      .join('providers', 'providers.id', 'model_prices.provider_id')
      .select('model_prices.*', 'providers.name as provider');
  }

  /** Creates or replaces the price of (provider, model): select then insert/update in one transaction. */
  async put(p: NewPrice): Promise<ModelPrice> {
    const key = { provider_id: p.provider_id, model_id: p.model_id };
    const values = {
      prompt_per_million: p.prompt_per_million,
      completion_per_million: p.completion_per_million,
      cached_prompt_per_million: p.cached_prompt_per_million ?? null,
      currency: p.currency,
      updated_at: this.ctx.time.toDb(new Date()),
    };
    return conflictOnUnique(
      () =>
        this.ctx.knex.transaction(async (trx: Knex.Transaction) => {
          await requireProviderName(trx, p.provider_id);
          const found = await trx('model_prices').where(key).first('id');
          if (found) await trx('model_prices').where(key).update(values);
          else await trx('model_prices').insert({ ...key, ...values });
          const row: DbRow = await this.select(trx)
            .where('model_prices.provider_id', p.provider_id)
            .where('model_prices.model_id', p.model_id)
            .first();
          return this.toPrice(row);
        }),
      `the price of ${p.model_id} was just created by another request`,
    );
  }

  /** Every price (or one provider's), by provider name then model id. */
  /** `onSkip`: see readRows. */
  async list(providerId?: number, onSkip?: OnUnreadableRow): Promise<ModelPrice[]> {
    const query = this.select(this.ctx.knex).orderBy([{ column: 'providers.name' }, { column: 'model_prices.model_id' }]);
    if (providerId !== undefined) query.where('model_prices.provider_id', providerId);
    const rows: DbRow[] = await query;
    return readRows('model_prices', rows, (row) => this.toPrice(row), onSkip);
  }

  async delete(providerId: number, modelId: string): Promise<boolean> {
    const count = await this.ctx.knex('model_prices').where({ provider_id: providerId, model_id: modelId }).del();
    return count > 0;
  }
}
