import type { Knex } from 'knex';
import type { CatalogModel } from '../types';
import { conflictOnUnique } from '../db-errors';
import { toBoolean, toNullableNumber, toNumber, type DbRow } from '../values.util';
import type { StoreContext } from './context';
import { readRows, type OnUnreadableRow } from './unreadable-rows';
import { requireProviderName } from './provider-check';

/** The catalog: the models the operator chose to expose, per provider. */
export class ModelRepository {
  constructor(private readonly ctx: StoreContext) {}

  private toModel(row: DbRow): CatalogModel {
    return {
      id: toNumber(row.id),
      provider_id: toNumber(row.provider_id),
      provider: String(row.provider),
      model_id: String(row.model_id),
      max_output_tokens: toNullableNumber(row.max_output_tokens),
      unlisted: toBoolean(row.unlisted),
      created_at: this.ctx.time.fromDb(row.created_at),
    };
  }

  private select(knex: Knex): Knex.QueryBuilder {
    return knex('models')
      .join('providers', 'providers.id', 'models.provider_id')
      .select('models.id', 'models.provider_id', 'providers.name as provider', 'models.model_id', 'models.max_output_tokens', 'models.unlisted', 'models.created_at');
  }

  /**
   * Adds the ids not yet in the provider's catalog and returns the rows added (ids present are
   * skipped, their cap and mark unchanged). `maxOutputTokens` is the output cap of every row added;
   * the ids in `unlisted` are marked as not listed by the upstream.
   */
  async add(providerId: number, ids: string[], maxOutputTokens: number | null = null, unlisted: ReadonlySet<string> = new Set()): Promise<CatalogModel[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    return this.ctx.knex.transaction(async (trx: Knex.Transaction) => {
      await requireProviderName(trx, providerId);
      const present: { model_id: string }[] = await trx('models')
        .where('provider_id', providerId)
        .whereIn('model_id', wanted)
        .select('model_id');
      const have = new Set(present.map((r) => r.model_id));
      const fresh = wanted.filter((id) => !have.has(id));
      if (fresh.length === 0) return [];
      const createdAt = this.ctx.time.toDb(new Date());
      await conflictOnUnique(
        () => trx('models').insert(fresh.map((model_id) => ({ provider_id: providerId, model_id, max_output_tokens: maxOutputTokens, unlisted: unlisted.has(model_id), created_at: createdAt }))),
        'these models were just added to the catalog by another request',
      );
      const rows: DbRow[] = await this.select(trx)
        .where('models.provider_id', providerId)
        .whereIn('models.model_id', fresh)
        .orderBy('models.id');
      return rows.map((row) => this.toModel(row));
    });
  }

  /** Sets (null: removes) a catalog model's output cap; undefined when the model is not in the provider's catalog. */
  async setOutputCap(providerId: number, modelId: string, maxOutputTokens: number | null): Promise<CatalogModel | undefined> {
    const changed = await this.ctx.knex('models').where({ provider_id: providerId, model_id: modelId }).update({ max_output_tokens: maxOutputTokens });
    if (changed === 0) return undefined;
    const row: DbRow | undefined = await this.select(this.ctx.knex).where('models.provider_id', providerId).where('models.model_id', modelId).first();
    return row === undefined ? undefined : this.toModel(row);
  }

  /** Removes ids from the provider's catalog; says which were removed and which were not there. */
  async remove(providerId: number, ids: string[]): Promise<{ removed: string[]; missing: string[] }> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return { removed: [], missing: [] };
    return this.ctx.knex.transaction(async (trx: Knex.Transaction) => {
      const present: { model_id: string }[] = await trx('models')
        .where('provider_id', providerId)
        .whereIn('model_id', wanted)
        .select('model_id');
      const have = new Set(present.map((r) => r.model_id));
      if (have.size > 0) {
        await trx('models').where('provider_id', providerId).whereIn('model_id', [...have]).del();
      }
      return { removed: wanted.filter((id) => have.has(id)), missing: wanted.filter((id) => !have.has(id)) };
    });
  }

  /** The whole catalog (or one provider's), by provider name then model id; `onSkip`: see readRows. */
  async list(providerId?: number, onSkip?: OnUnreadableRow): Promise<CatalogModel[]> {
    const query = this.select(this.ctx.knex).orderBy([{ column: 'providers.name' }, { column: 'models.model_id' }]);
    if (providerId !== undefined) query.where('models.provider_id', providerId);
    const rows: DbRow[] = await query;
    return readRows('models', rows, (row) => this.toModel(row), onSkip);
  }
}
