import type { Knex } from 'knex';
import type { KeyInvalidMark, ProviderKey, ProviderKeyWithSecret } from '../types';
import { conflictOnUnique } from '../db-errors';
import { DuplicateKeysError, StoreError, type DuplicateKey } from '../store-error';
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
      invalid:
        row.invalid_at === null || row.invalid_at === undefined
          ? null
          : { reason: String(row.invalid_reason ?? 'invalid'), message: String(row.invalid_message ?? ''), at: this.ctx.time.fromDb(row.invalid_at) },
      created_at: this.ctx.time.fromDb(row.created_at),
    };
  }

  private toKeyWithSecret(row: DbRow): ProviderKeyWithSecret {
    const key = this.toKey(row);
    try {
      return { ...key, key: this.ctx.cipher.decrypt(String(row.key_ciphertext)) };
    } catch (err) {
      throw new StoreError(
        'unreadable',
        `cannot decrypt upstream key ${key.key_hint} (id ${key.id}): was security.secret changed since it was stored?`,
        { cause: err },
      );
    }
  }

  /**
   * Adds keys to a provider, all or nothing: keys already stored for this provider (found by hash,
   * nothing is decrypted) or repeated in the input are a DuplicateKeysError naming each by position
   * and hint.
   */
  async add(providerId: number, keys: string[]): Promise<ProviderKey[]> {
    if (keys.length === 0) return [];
    if (keys.some((k) => k.length === 0)) throw new StoreError('invalid', 'an upstream key is empty');
    const hashes = keys.map(sha256Hex);
    const conflict = 'one of these keys was just added for this provider';
    return this.ctx.knex.transaction(async (trx: Knex.Transaction) => {
      const provider = await requireProviderName(trx, providerId);
      const stored: { key_hash: string }[] = await trx('provider_keys')
        .where('provider_id', providerId)
        .whereIn('key_hash', hashes)
        .select('key_hash');
      const duplicates = duplicateKeys(keys, hashes, new Set(stored.map((r) => r.key_hash)));
      if (duplicates.length > 0) throw new DuplicateKeysError(provider, duplicates);
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

  /**
   * Adds the keys not yet stored for this provider (compared by hash, nothing is decrypted; repeats
   * in the input count once) and returns the rows added; the config file's keys are added this way.
   */
  async addMissing(providerId: number, keys: string[]): Promise<ProviderKey[]> {
    const unique = [...new Map(keys.map((k) => [sha256Hex(k), k])).entries()];
    if (unique.length === 0) return [];
    const stored: { key_hash: string }[] = await this.ctx.knex('provider_keys')
      .where('provider_id', providerId)
      .whereIn('key_hash', unique.map(([hash]) => hash))
      .select('key_hash');
    const have = new Set(stored.map((r) => r.key_hash));
    return this.add(providerId, unique.filter(([hash]) => !have.has(hash)).map(([, key]) => key));
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

  /**
   * Marks a key invalid (the upstream refused it); true when this call marked it (it was not
   * invalid before), so the caller writes the admin_logs row once however many proxies saw it.
   */
  async markInvalid(keyId: number, mark: KeyInvalidMark): Promise<boolean> {
    const count = await this.ctx.knex('provider_keys').where('id', keyId).whereNull('invalid_at').update({
      invalid_reason: mark.reason.slice(0, 64),
      invalid_message: mark.message.slice(0, 4096),
      invalid_at: this.ctx.time.toDb(mark.at),
    });
    return count > 0;
  }

  /** Clears an invalid mark (a probe found the key working again); true when this call cleared it. */
  async clearInvalid(keyId: number): Promise<boolean> {
    const count = await this.ctx.knex('provider_keys').where('id', keyId).whereNotNull('invalid_at').update({ invalid_reason: null, invalid_message: null, invalid_at: null });
    return count > 0;
  }

  /** Enables (clearing any invalid mark) or disables a key; the key as it is now, or undefined when not found. */
  async setEnabled(providerId: number, keyId: number, enabled: boolean): Promise<ProviderKey | undefined> {
    const change = enabled ? { enabled: true, invalid_reason: null, invalid_message: null, invalid_at: null } : { enabled: false };
    const count = await this.ctx.knex('provider_keys').where({ provider_id: providerId, id: keyId }).update(change);
    if (count === 0) return undefined;
    const row: DbRow | undefined = await this.ctx.knex('provider_keys').where({ provider_id: providerId, id: keyId }).first();
    return row ? this.toKey(row) : undefined;
  }

  async delete(providerId: number, keyId: number): Promise<boolean> {
    const count = await this.ctx.knex('provider_keys').where({ provider_id: providerId, id: keyId }).del();
    return count > 0;
  }
}

/** Each key that is already stored (by hash) or repeats an earlier one of `keys`, in order. */
function duplicateKeys(keys: string[], hashes: string[], stored: Set<string>): DuplicateKey[] {
  const seen = new Set<string>();
  const duplicates: DuplicateKey[] = [];
  keys.forEach((key, index) => {
    const hash = hashes[index] as string;
    if (stored.has(hash)) duplicates.push({ index, hint: keyHint(key), stored: true });
    else if (seen.has(hash)) duplicates.push({ index, hint: keyHint(key), stored: false });
    seen.add(hash);
  });
  return duplicates;
}
