import type { Knex } from 'knex';
import type { StoreMigration } from './migration';

/**
 * The initial schema. Portable across SQLite, PostgreSQL 12+ and GaussDB: schema
 * builder only, text for JSON, decimal(20, 10) for money, timestamptz on PostgreSQL (SQLite stores
 * local text with offset, see time-columns.ts). Timestamps have no database default: the store
 * always writes them, so both dialects hold the same format.
 */
const MONEY: [number, number] = [20, 10];

function timestamp(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return t.timestamp(name, { useTz: true });
}

async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('providers', (t) => {
    t.increments('id');
    t.string('name', 64).notNullable().unique();
    t.string('api_type', 16).notNullable();
    t.text('base_url').notNullable();
    t.text('models_endpoint').nullable();
    t.string('key_strategy', 16).notNullable().defaultTo('first');
    t.boolean('enabled').notNullable().defaultTo(true);
    timestamp(t, 'created_at').notNullable();
    timestamp(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('provider_keys', (t) => {
    t.increments('id');
    t.integer('provider_id').unsigned().notNullable().references('id').inTable('providers').onDelete('CASCADE');
    t.text('key_ciphertext').notNullable();
    t.string('key_hash', 64).notNullable();
    t.string('key_hint', 32).notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    timestamp(t, 'created_at').notNullable();
    t.unique(['provider_id', 'key_hash']);
  });

  await knex.schema.createTable('models', (t) => {
    t.increments('id');
    t.integer('provider_id').unsigned().notNullable().references('id').inTable('providers').onDelete('CASCADE');
    t.string('model_id', 255).notNullable();
    timestamp(t, 'created_at').notNullable();
    t.unique(['provider_id', 'model_id']);
  });

  await knex.schema.createTable('aliases', (t) => {
    t.string('alias', 255).notNullable().unique();
    t.string('target', 512).notNullable();
  });

  await knex.schema.createTable('model_prices', (t) => {
    t.increments('id');
    t.integer('provider_id').unsigned().notNullable().references('id').inTable('providers').onDelete('CASCADE');
    t.string('model_id', 255).notNullable();
    t.decimal('prompt_per_million', ...MONEY).notNullable();
    t.decimal('completion_per_million', ...MONEY).notNullable();
    t.decimal('cached_prompt_per_million', ...MONEY).nullable();
    t.string('currency', 8).notNullable();
    timestamp(t, 'updated_at').notNullable();
    t.unique(['provider_id', 'model_id']);
  });

  await knex.schema.createTable('tokens', (t) => {
    t.increments('id');
    t.string('key', 128).notNullable().unique();
    t.string('name', 255).notNullable();
    t.text('allowed_models').nullable();
    t.decimal('max_amount', ...MONEY).nullable();
    t.decimal('amount_spent', ...MONEY).notNullable().defaultTo(0);
    t.boolean('enabled').notNullable().defaultTo(true);
    t.string('disabled_reason', 16).nullable();
    timestamp(t, 'expires_at').nullable();
    timestamp(t, 'created_at').notNullable();
    timestamp(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('request_logs', (t) => {
    t.bigIncrements('id');
    t.string('request_id', 128).notNullable().unique();
    timestamp(t, 'ts').notNullable().index();
    t.string('method', 16).notNullable();
    t.text('path').notNullable();
    t.string('request_type', 32).nullable();
    t.string('client_token', 128).nullable().index();
    t.string('model', 255).nullable().index();
    t.string('upstream_model', 255).nullable();
    t.string('provider', 64).nullable();
    t.text('api_key').nullable();
    t.integer('status_code').notNullable();
    t.integer('response_time_ms').notNullable();
    t.integer('ttfb_ms').nullable();
    t.integer('attempts').notNullable();
    t.integer('prompt_tokens').nullable();
    t.integer('completion_tokens').nullable();
    t.integer('total_tokens').nullable();
    t.integer('cached_tokens').nullable();
    t.integer('reasoning_tokens').nullable();
    t.string('usage_source', 16).nullable();
    t.decimal('amount_spent', ...MONEY).nullable();
    t.string('currency', 8).nullable();
    t.text('error_message').nullable();
    t.integer('upstream_status').nullable();
    t.text('upstream_error').nullable();
  });

  await knex.schema.createTable('admin_logs', (t) => {
    t.bigIncrements('id');
    timestamp(t, 'ts').notNullable().index();
    t.string('method', 16).notNullable();
    t.text('path').notNullable();
    t.string('operation', 64).notNullable().index();
    t.text('target').nullable();
    t.integer('status_code').notNullable();
    t.text('error_message').nullable();
    t.text('detail').nullable();
  });

  await knex.schema.createTable('settings', (t) => {
    t.string('name', 128).notNullable().unique();
    t.text('value').notNullable();
  });
}

async function down(knex: Knex): Promise<void> {
  for (const table of ['settings', 'admin_logs', 'request_logs', 'tokens', 'model_prices', 'aliases', 'models', 'provider_keys', 'providers']) {
    await knex.schema.dropTableIfExists(table);
  }
}

export const initialMigration: StoreMigration = { name: '001-initial', up, down };
