import type { Knex } from 'knex';
import { conflictOnUnique, isUniqueViolation } from '../db-errors';

/** Named values such as `admin_token_hash`. */
export class SettingRepository {
  constructor(private readonly ctx: { knex: Knex }) {}

  async get(name: string): Promise<string | undefined> {
    const row: { value: string } | undefined = await this.ctx.knex('settings').where('name', name).first('value');
    return row ? String(row.value) : undefined;
  }

  /**
   * Creates or replaces (select then insert/update; the unique index guards races). Losing an insert
   * race to another writer (two admin-apis starting at once) retries once as an update: last write wins.
   */
  async set(name: string, value: string): Promise<void> {
    const write = () =>
      this.ctx.knex.transaction(async (trx: Knex.Transaction) => {
        const found = await trx('settings').where('name', name).first('name');
        if (found) await trx('settings').where('name', name).update({ value });
        else await trx('settings').insert({ name, value });
      });
    try {
      await write();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await conflictOnUnique(write, `setting "${name}" is being written concurrently`);
    }
  }

  /**
   * The stored value, or `make()` stored now when there is none. Safe when several services start at
   * once: an insert that loses the race under the unique index reads the winner's value, so every
   * caller gets the same one (a value minted once, such as the deployment id, never changes).
   */
  async getOrCreate(name: string, make: () => string): Promise<string> {
    const found = await this.get(name);
    if (found !== undefined) return found;
    const value = make();
    try {
      await this.ctx.knex('settings').insert({ name, value });
      return value;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const winner = await this.get(name);
      if (winner === undefined) throw err;
      return winner;
    }
  }
}
