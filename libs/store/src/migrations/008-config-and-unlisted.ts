import type { Knex } from 'knex';
import type { StoreMigration } from './migration';

/**
 * Catalog models the upstream does not list at /models (`models.unlisted`, added with
 * `unlisted: true`; existing rows read as listed). The config sync writes admin_logs rows with
 * actor `config`, in the `actor` column 005 added. A portable column with a default, as 001 is.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('models', (t) => {
    t.boolean('unlisted').notNullable().defaultTo(false);
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('models', (t) => {
    t.dropColumn('unlisted');
  });
}

export const configAndUnlistedMigration: StoreMigration = { name: '008-config-and-unlisted', up, down };
