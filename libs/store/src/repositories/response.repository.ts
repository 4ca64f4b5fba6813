import type { NewStoredResponse, StoredResponse } from '../types';
import { parseJson, toJson, toNullableNumber, type DbRow } from '../values.util';
import type { StoreContext } from './context';

/**
 * The responses POST /v1/responses made or relayed (see StoredResponse). A row is read only by the
 * token that made it: `find` with another owner answers as if the row did not exist.
 */
export class ResponseRepository {
  constructor(private readonly ctx: StoreContext) {}

  private toResponse(row: DbRow): StoredResponse {
    return {
      id: String(row.id),
      token_id: toNullableNumber(row.token_id),
      provider: String(row.provider),
      key_id: toNullableNumber(row.key_id),
      model: String(row.model),
      input_items: parseJson<unknown[]>(row.input_items),
      output_items: parseJson<unknown[]>(row.output_items),
      created_at: this.ctx.time.fromDb(row.created_at),
    };
  }

  async save(r: NewStoredResponse): Promise<void> {
    await this.ctx.knex('responses').insert({
      id: r.id,
      token_id: r.token_id,
      provider: r.provider,
      key_id: r.key_id,
      model: r.model,
      input_items: toJson(r.input_items),
      output_items: toJson(r.output_items),
      created_at: this.ctx.time.toDb(r.created_at ?? new Date()),
    });
  }

  /** The response if `owner` (a token id, null for the admin token) made it; undefined otherwise. */
  async find(id: string, owner: number | null): Promise<StoredResponse | undefined> {
    const query = this.ctx.knex('responses').where('id', id);
    if (owner === null) query.whereNull('token_id');
    else query.where('token_id', owner);
    const row: DbRow | undefined = await query.first();
    return row ? this.toResponse(row) : undefined;
  }

  /** Deletes up to `batchSize` of the oldest rows older than `olderThan`; returns how many went. */
  async prune(olderThan: Date, batchSize: number): Promise<number> {
    const { knex, time } = this.ctx;
    const oldest = knex('responses').select('id').orderBy('created_at').limit(batchSize);
    time.whereBefore(oldest, 'created_at', olderThan);
    return knex('responses').whereIn('id', oldest).del();
  }
}
