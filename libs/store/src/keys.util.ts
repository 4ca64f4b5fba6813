import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The largest multiple of 62 that fits in a byte: bytes at or above it are rejected (no modulo bias). */
const BYTE_LIMIT = 62 * 4;
const TOKEN_KEY_CHARS = 48;

/** `length` characters of base62 from crypto.randomBytes, by rejection sampling. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    // About 3% of bytes are rejected; ask for a little more than needed to rarely loop twice.
    for (const byte of randomBytes(Math.ceil((length - out.length) * 1.1) + 4)) {
      if (byte >= BYTE_LIMIT) continue;
      out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A new gateway token key: `sk-` + 48 base62 characters. */
export function generateTokenKey(): string {
  return `sk-${randomBase62(TOKEN_KEY_CHARS)}`;
}

/**
 * What a person may see of a key: first 4 + `...` + last 4. Shorter keys show less (a quarter of
 * the key at each end at most), and keys under 4 characters show nothing.
 */
export function keyHint(key: string): string {
  const shown = Math.min(4, Math.floor(key.length / 4));
  if (shown === 0) return '***';
  return `${key.slice(0, shown)}...${key.slice(-shown)}`;
}

/**
 * sha256 hex of a secret: finds a stored provider key without decrypting anything, and is all the
 * database keeps of a gateway token or the admin token (they are random, so no salt is needed).
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Two sha256 hex digests are equal, compared in constant time (false when either is missing or malformed). */
export function sameSha256Hex(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** settings row holding sha256 (hex) of the current admin token. */
export const ADMIN_TOKEN_SETTING = 'admin_token_hash';
