import { randomFillSync } from 'node:crypto';

/**
 * Random ids the gateway mints per request (Responses ids, item ids, call ids). The bytes are
 * crypto.randomFillSync's, drawn from a pool refilled 4 KiB at a time, as node's own randomUUID
 * does: one randomBytes call per id costs about 10 us of CPU (a call into the system's random
 * source each time), the pool about 0.4 us. Each byte is handed out once.
 */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** The offset of `count` fresh bytes in the pool (refilled first when fewer are left). */
function take(count: number): number {
  if (offset + count > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const at = offset;
  offset += count;
  return at;
}

/** `bytes` random bytes as lowercase hex (twice as many characters). */
export function randomHex(bytes: number): string {
  const at = take(bytes);
  return pool.toString('hex', at, at + bytes);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The largest multiple of 62 that fits in a byte: bytes at or above it are rejected (no modulo bias). */
const BYTE_LIMIT = 62 * 4;

/** `length` random base62 characters, by rejection sampling (as the store's randomBase62). */
export function randomBase62Id(length: number): string {
  let out = '';
  while (out.length < length) {
    // About 3% of bytes are rejected: a little more than needed rarely takes a second block.
    const need = length - out.length;
    const count = Math.min(POOL_BYTES, need + (need >> 4) + 4);
    const at = take(count);
    for (let i = at; i < at + count && out.length < length; i += 1) {
      const byte = pool[i] as number;
      if (byte < BYTE_LIMIT) out += BASE62[byte % 62];
    }
  }
  return out;
}
