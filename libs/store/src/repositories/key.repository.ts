import { GatewayError } from '@aigw/shared-errors';
import type { Knex } from 'knex';
import type { ProviderKey, ProviderKeyWithSecret } from '../types';
import { conflictOnUnique } from '../db-errors';
import { sha256Hex, keyHint } from '../keys.util';
import { toBoolean, toNumber, type DbRow } from '../values.util';
import type { StoreContext } from './context';
import { readRows, type OnUnreadableRow } from './unreadable-rows';
import { requireProviderName } from './provider-check';

/** Upstream keys: stored encrypted, found by sha256 hash, shown by hint. */
export class KeyRepository {
  constructor(private readonly ctx: StoreContext) {}

  private toKey(row: DbRow): ProviderKey {
    return {
      id: toNumber(row.id),
      provider_id: toNumber(row.provider_id),
      key_hint: String(row.key_hint),
      enabled: toBoolean(row.enabled),
      created_at: this.ctx.time.fromDb(row.created_at),
    };
  }

  private toKeyWithSecret(row: DbRow): ProviderKeyWithSecret {
    const key = this.toKey(row);
    try {
      return { ...key, key: this.ctx.cipher.decrypt(String(row.key_ciphertext)) };
    } catch (err) {
      throw new GatewayError(
        'internal',
        `cannot decrypt upstream key ${key.key_hint} (id ${key.id}): was security.secret changed since it was stored?`,
        { cause: err },
      );
    }
  }

  /**
   * Adds keys to a provider, all or nothing: a key already stored for this provider, or repeated
   * in the input, is a conflict naming the duplicates by hint.
   */
  async add(providerId: number, keys: string[]): Promise<ProviderKey[]> {
    if (keys.length === 0) return [];
    if (keys.some((k) => k.length === 0)) throw new GatewayError('invalid_request', 'an upstream key is empty');
    const hashes = keys.map(sha256Hex);
    const repeated = keys.filter((_, i) => hashes.indexOf(hashes[i] as string) !== i);
    if (repeated.length > 0) {
      throw new GatewayError('conflict', `keys repeated in the request: ${[...new Set(repeated.map(keyHint))].join(', ')}`);
    }
    const conflict = 'one of these keys was just added for this provider';
    return this.ctx.knex.transaction(async (trx: Knex.Transaction) => {
      await requireProviderName(trx, providerId);
      const stored: { key_hash: string }[] = await trx('provider_keys')
        .where('provider_id', providerId)
        .whereIn('key_hash', hashes)
        .select('key_hash');
      if (stored.length > 0) {
        const found = new Set(stored.map((r) => r.key_hash));
        const hints = keys.filter((_, i) => found.has(hashes[i] as string)).map(keyHint);
        throw new GatewayError('conflict', `keys already stored for this provider: ${hints.join(', ')}`);
      }
      const createdAt = this.ctx.time.toDb(new Date());
      const rows = keys.map((key, i) => ({
        provider_id: providerId,
        key_ciphertext: this.ctx.cipher.encrypt(key),
        key_hash: hashes[i],
        key_hint: keyHint(key),
        enabled: true,
        created_at: createdAt,
      }));
      await conflictOnUnique(() => trx('provider_keys').insert(rows), conflict);
      const inserted: DbRow[] = await trx('provider_keys')
        .where('provider_id', providerId)
        .whereIn('key_hash', hashes)
        .orderBy('id');
      return inserted.map((row) => this.toKey(row));
    });
  }

  async list(providerId: number): Promise<ProviderKey[]> {
    const rows: DbRow[] = await this.ctx.knex('provider_keys').where('provider_id', providerId).orderBy('id');
    return rows.map((row) => this.toKey(row));
  }

  /** Keys with their plaintext: one provider's, or every provider's when no id is given; `onSkip`: see readRows. */
  async listWithSecrets(providerId?: number, onSkip?: OnUnreadableRow): Promise<ProviderKeyWithSecret[]> {
    const query = this.ctx.knex('provider_keys').orderBy('id');
    if (providerId !== undefined) query.where('provider_id', providerId);
    const rows: DbRow[] = await query;
    return readRows('provider_keys', rows, (row) => this.toKeyWithSecret(row), onSkip);
  }

  async delete(providerId: number, keyId: number): Promise<boolean> {
    const count = await this.ctx.knex('provider_keys').where({ provider_id: providerId, id: keyId }).del();
    return count > 0;
  }
}
