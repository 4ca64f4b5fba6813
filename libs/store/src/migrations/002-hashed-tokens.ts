import type { Knex } from 'knex';
import { keyHint, sha256Hex } from '../keys.util';
import type { StoreMigration } from './migration';

/**
 * Gateway token keys stop being stored: tokens keep sha256 (hex) of the key and a hint, and
 * request_logs name the token by id, name and hint instead of its key; a client's own request id
 * gets its own column. Existing keys keep working (their hash is what the proxies look up) and no
 * row is lost. The plaintext columns are dropped, so no key is left in the database.
 *
 * Portable as 001 is: schema builder for the DDL (knex rebuilds the table on SQLite), and the
 * values computed here and written with plain updates (no ON CONFLICT, no MERGE, no SQL hashing).
 */
const ADMIN_TOKEN_LABEL = 'admin_token';

interface StoredToken {
  id: number;
  key: string;
  name: string;
}

async function hashTokenKeys(knex: Knex, tokens: StoredToken[]): Promise<void> {
  await knex.schema.alterTable('tokens', (t) => {
    t.string('key_hash', 64).nullable();
    t.string('key_hint', 32).nullable();
  });
  for (const token of tokens) {
    await knex('tokens').where('id', token.id).update({ key_hash: sha256Hex(token.key), key_hint: keyHint(token.key) });
  }
  await knex.schema.alterTable('tokens', (t) => {
    t.dropUnique(['key']);
    t.dropColumn('key');
  });
  await knex.schema.alterTable('tokens', (t) => {
    t.string('key_hash', 64).notNullable().alter();
    t.string('key_hint', 32).notNullable().alter();
    t.unique(['key_hash']);
  });
}

/** Each distinct client_token becomes the token's id, name and hint; an unknown key only a hint. */
async function scrubRequestLogs(knex: Knex, tokens: StoredToken[]): Promise<void> {
  await knex.schema.alterTable('request_logs', (t) => {
    t.string('client_request_id', 128).nullable().index();
    t.integer('token_id').nullable().index();
    t.string('token_name', 255).nullable();
    t.string('token_hint', 32).nullable();
  });
  const byKey = new Map(tokens.map((t) => [t.key, t]));
  const values: string[] = await knex('request_logs').whereNotNull('client_token').distinct('client_token').pluck('client_token');
  for (const value of values) {
    const token = byKey.get(value);
    const who =
      value === ADMIN_TOKEN_LABEL
        ? { token_id: null, token_name: null, token_hint: ADMIN_TOKEN_LABEL }
        : token
          ? { token_id: token.id, token_name: token.name, token_hint: keyHint(token.key) }
          : { token_id: null, token_name: null, token_hint: keyHint(value) };
    await knex('request_logs').where('client_token', value).update(who);
  }
  await knex.schema.alterTable('request_logs', (t) => {
    t.dropIndex(['client_token']);
    t.dropColumn('client_token');
  });
}

async function up(knex: Knex): Promise<void> {
  const rows: { id: unknown; key: unknown; name: unknown }[] = await knex('tokens').select('id', 'key', 'name');
  const tokens = rows.map((r) => ({ id: Number(r.id), key: String(r.key), name: String(r.name) }));
  await scrubRequestLogs(knex, tokens);
  await hashTokenKeys(knex, tokens);
}

/** The keys are gone: going back would leave every token without one, so it is refused. */
async function down(): Promise<void> {
  throw new Error('002-hashed-tokens cannot be undone: token keys are stored only as hashes');
}

export const hashedTokensMigration: StoreMigration = { name: '002-hashed-tokens', up, down };
