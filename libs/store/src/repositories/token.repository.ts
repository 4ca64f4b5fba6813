import Big from 'big.js';
import type { Knex } from 'knex';
import type { NewToken, Token, TokenPatch } from '../types';
import { conflictOnUnique } from '../db-errors';
import { budgetReached } from '../money';
import { keyHint, sha256Hex } from '../keys.util';
import { mcpAllowEntryProblem } from '../mcp-names';
import { StoreError } from '../store-error';
import { parseJson, toBoolean, toJson, toNullableNumber, toNumber, type DbRow } from '../values.util';
import type { StoreContext } from './context';
import { readRows, type OnUnreadableRow } from './unreadable-rows';

/** Gateway tokens (client credentials with an optional budget and model allow-list). */
export class TokenRepository {
  constructor(private readonly ctx: StoreContext) {}

  private toToken(row: DbRow): Token {
    const { time } = this.ctx;
    return {
      id: toNumber(row.id),
      key_hash: String(row.key_hash),
      key_hint: String(row.key_hint),
      name: String(row.name),
      allowed_models: parseJson<string[]>(row.allowed_models),
      mcp_allowed: parseJson<string[]>(row.mcp_allowed),
      max_amount: toNullableNumber(row.max_amount),
      amount_spent: toNumber(row.amount_spent),
      rpm_limit: toNullableNumber(row.rpm_limit),
      tpm_limit: toNullableNumber(row.tpm_limit),
      concurrency_limit: toNullableNumber(row.concurrency_limit),
      enabled: toBoolean(row.enabled),
      disabled_reason: (row.disabled_reason ?? null) as Token['disabled_reason'],
      expires_at: time.fromDbNullable(row.expires_at),
      created_at: time.fromDb(row.created_at),
      updated_at: time.fromDb(row.updated_at),
    };
  }

  async create(t: NewToken): Promise<Token> {
    const { knex, time } = this.ctx;
    const now = time.toDb(new Date());
    const enabled = t.enabled ?? true;
    const rows = await conflictOnUnique(
      () =>
        knex('tokens')
          .insert({
            key_hash: sha256Hex(t.key),
            key_hint: keyHint(t.key),
            name: t.name,
            allowed_models: toJson(t.allowed_models),
            mcp_allowed: toJson(checkedMcpAllowed(t.mcp_allowed)),
            max_amount: t.max_amount ?? null,
            amount_spent: 0,
            rpm_limit: t.rpm_limit ?? null,
            tpm_limit: t.tpm_limit ?? null,
            concurrency_limit: t.concurrency_limit ?? null,
            enabled,
            disabled_reason: enabled ? null : 'manual',
            expires_at: time.toDbNullable(t.expires_at),
            created_at: now,
            updated_at: now,
          })
          .returning('*'),
      'a token with this key already exists',
    );
    return this.toToken(rows[0] as DbRow);
  }

  /** The token's name alone: it reads even when another column of the row cannot be (see readRows). */
  async nameOf(id: number): Promise<string | undefined> {
    const row: { name?: unknown } | undefined = await this.ctx.knex('tokens').where('id', id).first('name');
    return row ? String(row.name) : undefined;
  }

  async get(id: number): Promise<Token | undefined> {
    const row: DbRow | undefined = await this.ctx.knex('tokens').where('id', id).first();
    return row ? this.toToken(row) : undefined;
  }

  /** The token whose key is `key`, found by its hash. */
  async getByKey(key: string): Promise<Token | undefined> {
    const row: DbRow | undefined = await this.ctx.knex('tokens').where('key_hash', sha256Hex(key)).first();
    return row ? this.toToken(row) : undefined;
  }

  /**
   * Gives the token a new key (budget, spending, allow-list and state kept); the old key matches
   * nothing from then on. undefined when the token does not exist.
   */
  async rotateKey(id: number, key: string): Promise<Token | undefined> {
    const { knex, time } = this.ctx;
    const count = await conflictOnUnique(
      () => knex('tokens').where('id', id).update({ key_hash: sha256Hex(key), key_hint: keyHint(key), updated_at: time.toDb(new Date()) }),
      'a token with this key already exists',
    );
    return count > 0 ? this.get(id) : undefined;
  }

  /** `onSkip`: see readRows. A token that cannot be read is left out rather than guessed at: fail closed. */
  async list(onSkip?: OnUnreadableRow): Promise<Token[]> {
    const rows: DbRow[] = await this.ctx.knex('tokens').orderBy('id');
    return readRows('tokens', rows, (row) => this.toToken(row), onSkip);
  }

  /**
   * Applies the patch and sets updated_at; undefined when the token does not exist. When the patch
   * changes `enabled` without saying why, disabled_reason follows: cleared on enable, 'manual' on disable.
   */
  async update(id: number, patch: TokenPatch): Promise<Token | undefined> {
    const { knex, time } = this.ctx;
    const changes: DbRow = { updated_at: time.toDb(new Date()) };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.allowed_models !== undefined) changes.allowed_models = toJson(patch.allowed_models);
    if (patch.mcp_allowed !== undefined) changes.mcp_allowed = toJson(checkedMcpAllowed(patch.mcp_allowed));
    if (patch.max_amount !== undefined) changes.max_amount = patch.max_amount;
    for (const field of ['rpm_limit', 'tpm_limit', 'concurrency_limit'] as const) {
      if (patch[field] !== undefined) changes[field] = patch[field];
    }
    if (patch.expires_at !== undefined) changes.expires_at = time.toDbNullable(patch.expires_at);
    if (patch.enabled !== undefined) {
      changes.enabled = patch.enabled;
      changes.disabled_reason = patch.enabled ? null : 'manual';
    }
    if (patch.disabled_reason !== undefined) changes.disabled_reason = patch.disabled_reason;
    const count = await knex('tokens').where('id', id).update(changes);
    return count > 0 ? this.get(id) : undefined;
  }

  /**
   * Sets amount_spent (an operator's reset or adjustment) and updated_at; a token disabled as
   * 'exhausted' that is no longer at its budget is enabled again. Returns the token before and after
   * (undefined when it does not exist). Debits that land later add to the new amount.
   */
  async setSpent(id: number, amountSpent: number): Promise<{ before: Token; after: Token } | undefined> {
    const { knex, time } = this.ctx;
    return knex.transaction(async (trx: Knex.Transaction) => {
      const row: DbRow | undefined = await trx('tokens').where('id', id).first();
      if (!row) return undefined;
      const before = this.toToken(row);
      const changes: DbRow = { amount_spent: new Big(amountSpent).toFixed(10), updated_at: time.toDb(new Date()) };
      const stillExhausted = before.max_amount !== null && budgetReached(before.max_amount, amountSpent);
      if (before.disabled_reason === 'exhausted' && !stillExhausted) {
        changes.enabled = true;
        changes.disabled_reason = null;
      }
      await trx('tokens').where('id', id).update(changes);
      const after: DbRow = await trx('tokens').where('id', id).first();
      return { before, after: this.toToken(after) };
    });
  }

  async delete(id: number): Promise<boolean> {
    return (await this.ctx.knex('tokens').where('id', id).del()) > 0;
  }
}

/** The MCP allow-list as given, once every entry follows the naming rules (StoreError invalid otherwise). */
function checkedMcpAllowed(entries: string[] | null | undefined): string[] | null {
  if (entries === null || entries === undefined) return null;
  for (const entry of entries) {
    const problem = typeof entry === 'string' ? mcpAllowEntryProblem(entry) : 'an MCP allow-list entry must be a string';
    if (problem) throw new StoreError('invalid', problem);
  }
  return entries;
}
