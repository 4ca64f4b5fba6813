import type { Knex } from 'knex';
import type { StoreMigration } from './migration';

const MONEY: [number, number] = [20, 10];

function timestamp(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return t.timestamp(name, { useTz: true });
}

/**
 * The MCP gateway (issue 15): the operator's upstream MCP servers (`mcp_servers`) and each token's
 * MCP allow-list (`tokens.mcp_allowed`, JSON array of `server` or `server/tool`; null: no MCP
 * access). Portable as 001 is: text for JSON, decimal(20, 10) for money. `headers_encrypted` is
 * one KeyCipher ciphertext of the JSON headers object; `env` (stdio, config file only) is a JSON
 * object of variable name -> KeyCipher ciphertext, so the names read without the secret.
 */
async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mcp_servers', (t) => {
    t.increments('id');
    t.string('name', 32).notNullable().unique();
    t.string('transport', 16).notNullable();
    t.text('url').nullable();
    t.text('headers_encrypted').nullable();
    t.text('headers_hint').nullable();
    t.text('command').nullable();
    t.text('args').nullable();
    t.text('env').nullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.string('source', 8).notNullable().defaultTo('api');
    t.decimal('call_price', ...MONEY).nullable();
    t.text('tool_prices').nullable();
    t.integer('timeout_ms').nullable();
    t.string('status', 16).notNullable().defaultTo('unknown');
    t.text('last_error').nullable();
    t.integer('tool_count').nullable();
    t.text('tools').nullable();
    timestamp(t, 'refreshed_at').nullable();
    timestamp(t, 'created_at').notNullable();
    timestamp(t, 'updated_at').notNullable();
  });
  await knex.schema.alterTable('tokens', (t) => {
    t.text('mcp_allowed').nullable();
  });
}

async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tokens', (t) => {
    t.dropColumn('mcp_allowed');
  });
  await knex.schema.dropTableIfExists('mcp_servers');
}

export const mcpMigration: StoreMigration = { name: '009-mcp', up, down };
