import type { Knex } from 'knex';
import type { StoreMigration } from './migration';

/**
 * Fallbacks across providers. An alias may name several targets, each with a priority and a
 * weight (`aliases.targets`, a JSON list; null: the alias has only its `target`, as before), and a
 * request_logs row keeps every upstream attempt made for it (`request_logs.attempt_details`, a
 * JSON list; null on rows written before and on rows that made no attempt). Two nullable text
 * columns, portable as 001 is; `aliases.target` stays (the first target), so an old reader works.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('aliases', (t) => {
    t.text('targets').nullable();
  });
  await knex.schema.alterTable('request_logs', (t) => {
    t.text('attempt_details').nullable();
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('request_logs', (t) => {
    t.dropColumn('attempt_details');
  });
  await knex.schema.alterTable('aliases', (t) => {
    t.dropColumn('targets');
  });
}

export const aliasTargetsMigration: StoreMigration = { name: '006-alias-targets', up, down };
