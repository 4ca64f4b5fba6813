import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * PostgreSQL for tests: the server comes from TEST_DATABASE_URL; each test file works in a schema
 * of its own (uniqueSchema) and drops it at the end (dropSchema), so parallel files never collide.
 */

/** The PostgreSQL URL tests run against; throws with directions when none is configured. */
export function testPostgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'set TEST_DATABASE_URL=postgres://user@host:5432/db (for example the local PostgreSQL) to run these tests',
    );
  }
  return url;
}

/** A fresh schema name such as `t_store_3f9a0c1b2d4e`: lower case, a valid unquoted identifier. */
export function uniqueSchema(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const head = /^[a-z_]/.test(clean) ? clean : `t_${clean}`;
  return `${head.slice(0, 40)}_${randomBytes(6).toString('hex')}`;
}

/** Drops the schema and everything in it; a missing schema is fine. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema.replace(/"/g, '""')}" cascade`);
  } finally {
    await client.end();
  }
}
