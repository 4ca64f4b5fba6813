import type { Knex } from 'knex';
import type { StoreMigration } from './migration';

/**
 * POST /v1/responses: providers say whether their upstream speaks the Responses API
 * (`responses_api`, default false), and the `responses` table keeps the responses the gateway
 * made or relayed. A converted provider's row holds its input and output items (JSON text) so a
 * follow-up naming it is rebuilt; a pass-through provider's row holds no items, only the upstream
 * key that created the response (the state lives in that upstream account). Rows belong to one
 * gateway token (token_id null: the admin token) and are pruned with request_logs' retention.
 *
 * Portable as 001 is: schema builder only, text for JSON, timestamptz on PostgreSQL.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('providers', (t) => {
    t.boolean('responses_api').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('responses', (t) => {
    t.string('id', 128).primary();
    t.integer('token_id').nullable();
    t.string('provider', 64).notNullable();
    t.integer('key_id').nullable();
    t.string('model', 255).notNullable();
    t.text('input_items').nullable();
    t.text('output_items').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().index();
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('responses');
  await knex.schema.alterTable('providers', (t) => {
    t.dropColumn('responses_api');
  });
}

export const responsesMigration: StoreMigration = { name: '003-responses', up, down };
