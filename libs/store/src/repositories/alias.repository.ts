import type { Knex } from 'knex';
import type { Alias } from '../types';
import { conflictOnUnique } from '../db-errors';

/** Alternative model names: `alias` -> `provider/model` or a bare model id. */
export class AliasRepository {
  constructor(private readonly ctx: { knex: Knex }) {}

  async list(): Promise<Alias[]> {
    const rows: Alias[] = await this.ctx.knex('aliases').select('alias', 'target').orderBy('alias');
    return rows.map((r) => ({ alias: String(r.alias), target: String(r.target) }));
  }

  /** Creates or replaces an alias (select then insert/update; the unique index guards races). */
  async put(alias: string, target: string): Promise<Alias> {
    await conflictOnUnique(
      () =>
        this.ctx.knex.transaction(async (trx: Knex.Transaction) => {
          const found = await trx('aliases').where('alias', alias).first('alias');
          if (found) await trx('aliases').where('alias', alias).update({ target });
          else await trx('aliases').insert({ alias, target });
        }),
      `alias "${alias}" was just created by another request`,
    );
    return { alias, target };
  }

  async delete(alias: string): Promise<boolean> {
    return (await this.ctx.knex('aliases').where('alias', alias).del()) > 0;
  }
}
