import type { Knex } from 'knex';
import type { StoreMigration } from './migration';

/**
 * Optional per-token rate limits: requests per minute (`rpm_limit`), tokens per minute
 * (`tpm_limit`, prompt + completion) and requests in flight at once (`concurrency_limit`). Three
 * nullable integer columns, portable as 001 is; existing tokens read as "no limit".
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tokens', (t) => {
    t.integer('rpm_limit').nullable();
    t.integer('tpm_limit').nullable();
    t.integer('concurrency_limit').nullable();
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tokens', (t) => {
    t.dropColumn('concurrency_limit');
    t.dropColumn('tpm_limit');
    t.dropColumn('rpm_limit');
  });
}

export const tokenLimitsMigration: StoreMigration = { name: '007-token-limits', up, down };
