import type { Knex } from 'knex';
import type { StoreMigration } from './migration';

/**
 * Who made an admin_logs change (`admin_logs.actor`: `admin` for the admin API, `config` for the
 * config file's [[providers]] reconciled at start; existing rows read as `admin`), and catalog
 * models the upstream does not list at /models (`models.unlisted`, added with `unlisted: true`;
 * existing rows read as listed). Portable columns with defaults, as 001 is.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('admin_logs', (t) => {
    t.string('actor', 16).notNullable().defaultTo('admin');
  });
  await knex.schema.alterTable('models', (t) => {
    t.boolean('unlisted').notNullable().defaultTo(false);
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('models', (t) => {
    t.dropColumn('unlisted');
  });
  await knex.schema.alterTable('admin_logs', (t) => {
    t.dropColumn('actor');
  });
}

export const configAndUnlistedMigration: StoreMigration = { name: '008-config-and-unlisted', up, down };
