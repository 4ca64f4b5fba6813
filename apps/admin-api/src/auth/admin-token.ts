import { createHash, randomBytes } from 'node:crypto';
import type { ChangeBus } from '@aigw/events';
import type { Store } from '@aigw/store';

/** settings row holding sha256 (hex) of the current admin token. */
export const ADMIN_TOKEN_SETTING = 'admin_token_hash';

export const ADMIN_TOKEN_PREFIX = 'admin-';
const ADMIN_TOKEN_LENGTH = 48;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// 248 = 4 * 62: bytes at or above it are dropped so every character is equally likely.
const UNBIASED_LIMIT = 248;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `length` base62 characters from the secure random source, by rejection sampling. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/**
 * Creates a new admin token, stores only its sha256 (replacing the previous hash, so the old token
 * stops working everywhere) and tells every instance. Returns the token for the caller to print.
 */
export async function mintAdminToken(store: Store, bus: ChangeBus): Promise<string> {
  const token = ADMIN_TOKEN_PREFIX + randomBase62(ADMIN_TOKEN_LENGTH);
  await store.settings.set(ADMIN_TOKEN_SETTING, sha256Hex(token));
  await bus.publish({ type: 'config', what: 'admin_token' });
  return token;
}
