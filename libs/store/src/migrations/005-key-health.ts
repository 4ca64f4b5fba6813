import type { Knex } from 'knex';
import type { StoreMigration } from './migration';

/**
 * Key health: an upstream key the upstream called invalid (401/403: revoked, no quota) stays so
 * across restarts until an operator re-enables it (`provider_keys.invalid_at`, `invalid_reason`,
 * `invalid_message`, the upstream's message scrubbed of keys; null: not invalid). Disabled by the
 * operator stays `enabled = false`. admin_logs rows say who acted (`actor`: `admin` for requests to
 * the admin API, `gateway` for the proxy's own changes); existing rows were all admin requests.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('provider_keys', (t) => {
    t.string('invalid_reason', 64).nullable();
    t.text('invalid_message').nullable();
    t.timestamp('invalid_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('admin_logs', (t) => {
    t.string('actor', 32).notNullable().defaultTo('admin');
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('admin_logs', (t) => {
    t.dropColumn('actor');
  });
  await knex.schema.alterTable('provider_keys', (t) => {
    t.dropColumn('invalid_at');
    t.dropColumn('invalid_message');
    t.dropColumn('invalid_reason');
  });
}

export const keyHealthMigration: StoreMigration = { name: '005-key-health', up, down };
