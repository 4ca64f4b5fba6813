import type { Knex } from 'knex';
import type { StoreMigration } from './migration';

/**
 * A catalog model may carry the most output tokens its upstream accepts (`models.max_output_tokens`,
 * null: no cap); a request asking for more is clamped to it, and its request_logs row keeps what
 * the client asked (`request_logs.clamped_from`, null when nothing was clamped). Two nullable
 * integer columns, portable as 001 is; existing rows read as "no cap" and "not clamped".
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('models', (t) => {
    t.integer('max_output_tokens').nullable();
  });
  await knex.schema.alterTable('request_logs', (t) => {
    t.integer('clamped_from').nullable();
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('request_logs', (t) => {
    t.dropColumn('clamped_from');
  });
  await knex.schema.alterTable('models', (t) => {
    t.dropColumn('max_output_tokens');
  });
}

export const modelOutputCapMigration: StoreMigration = { name: '004-model-output-cap', up, down };
