import { createHash } from 'node:crypto';
import type * as Pg from 'pg';

/** A stable advisory-lock key per schema, so instances of other schemas never wait on each other. */
function lockKey(schema: string): string {
  const digest = createHash('sha256').update(`aigw:migrate:${schema}`).digest();
  return BigInt.asIntN(64, digest.readBigUInt64BE(0)).toString();
}

/**
 * Runs `work` while holding a PostgreSQL session advisory lock, on a connection of its own (not
 * the pool, which the work needs). Instances starting at once against a fresh database queue here:
 * knex's own migration lock is not enough, because its lock table can get two rows when two
 * instances create it at the same moment, and then every later start reports it locked.
 */
export async function withMigrationLock<T>(url: string, schema: string, work: () => Promise<T>): Promise<T> {
  // Required here, not at load: a store on SQLite never carries pg (knex loads its own driver lazily).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg') as typeof Pg;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const key = lockKey(schema);
    await client.query('select pg_advisory_lock($1::bigint)', [key]);
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock($1::bigint)', [key]);
    }
  } finally {
    await client.end();
  }
}
