import type { Knex } from 'knex';
import type { StoreMigration } from './migration';

/**
 * Fewer index writes per request_logs insert (issue 14: the usage write is the standalone's
 * largest own cost after HTTP). `model` loses its index: no query looks rows up by it; the log
 * list's model filter walks the newest rows by id until its page is full, and the stats group by
 * provider and upstream_model over a ts range. `client_request_id` keeps an index only over the
 * rows that have one (most requests send none), which is all its one query (`= ?`) can match. Kept:
 * request_id (unique: the redelivery guard), ts (retention, stats, time filters), token_id (a
 * token's rows and spend). Same SQL on SQLite and PostgreSQL, as 001 is portable.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('request_logs', (t) => {
    t.dropIndex(['model']);
    t.dropIndex(['client_request_id']);
  });
  await knex.raw('create index ?? on ?? (??) where ?? is not null', [
    'request_logs_client_request_id_index',
    'request_logs',
    'client_request_id',
    'client_request_id',
  ]);
}

async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index ??', ['request_logs_client_request_id_index']);
  await knex.schema.alterTable('request_logs', (t) => {
    t.index(['client_request_id']);
    t.index(['model']);
  });
}

export const requestLogIndexesMigration: StoreMigration = { name: '010-request-log-indexes', up, down };
