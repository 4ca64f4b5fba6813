import { scrubKeys, type KnownKey } from './scrub-keys';

/** Scrubs keys from bytes that come in pieces (a stream relayed to a client, a body read in chunks). */
export interface StreamScrubber {
  /** The bytes that may go out now; a tail that could be the start of a key is held back. */
  push(chunk: Buffer | string): Buffer | string;
  /** What was held back (never a whole key). */
  end(): Buffer;
}

const EMPTY = Buffer.alloc(0);

/** Length of the longest tail of `buf` that is a proper prefix of one of the needles. */
function prefixTail(buf: Buffer, needles: readonly Buffer[]): number {
  let longest = 0;
  for (const needle of needles) {
    for (let i = Math.max(0, buf.length - needle.length + 1); i < buf.length && buf.length - i > longest; i++) {
      if (buf[i] === needle[0] && buf.subarray(i).equals(needle.subarray(0, buf.length - i))) {
        longest = buf.length - i;
        break;
      }
    }
  }
  return longest;
}

/**
 * A scrubber over bytes, using scrubKeys on a latin1 view (which maps bytes one to one, so the
 * bytes that are not keys go out exactly as they came, whatever their encoding). SSE events end in
 * a blank line and keys hold no newline, so whole events are never held back: only a chunk cut
 * inside a key waits for the next one.
 */
export function createStreamScrubber(keys: readonly KnownKey[]): StreamScrubber {
  const usable = keys.filter((k) => k.key.length > 0);
  const needles = usable.map((k) => Buffer.from(k.key, 'utf8'));
  const asLatin1 = usable.map((k) => ({ key: Buffer.from(k.key, 'utf8').toString('latin1'), key_hint: Buffer.from(k.key_hint, 'utf8').toString('latin1') }));
  let held = EMPTY;
  return {
    push(chunk) {
      if (needles.length === 0) return chunk;
      let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (held.length > 0) buf = Buffer.concat([held, buf]);
      if (needles.some((n) => buf.includes(n))) buf = Buffer.from(scrubKeys(buf.toString('latin1'), asLatin1), 'latin1');
      const keep = prefixTail(buf, needles);
      held = keep > 0 ? Buffer.from(buf.subarray(buf.length - keep)) : EMPTY;
      return keep > 0 ? buf.subarray(0, buf.length - keep) : buf;
    },
    end() {
      const rest = held;
      held = EMPTY;
      return rest;
    },
  };
}

/** The UTF-8 bytes of each key, made once per key object (and again should its text change). */
const keyBytes = new WeakMap<KnownKey, { text: string; bytes: Buffer }>();

function bytesOf(key: KnownKey): Buffer {
  let entry = keyBytes.get(key);
  if (entry?.text !== key.key) {
    entry = { text: key.key, bytes: Buffer.from(key.key, 'utf8') };
    keyBytes.set(key, entry);
  }
  return entry.bytes;
}

/** True when one of the (non-empty) keys occurs in the bytes: what decides whether a scrubber changes them. */
function holdsKey(body: Buffer, keys: readonly KnownKey[]): boolean {
  for (const key of keys) {
    if (key.key.length > 0 && body.includes(bytesOf(key))) return true;
  }
  return false;
}

/**
 * A whole body, scrubbed. Bytes that hold no key are returned as they are (what the scrubber
 * would give back, without building it: a tail it holds back comes out again at its end).
 */
export function scrubBytes(body: Buffer | string, keys: readonly KnownKey[]): Buffer | string {
  if (typeof body === 'string') return scrubKeys(body, keys);
  if (!holdsKey(body, keys)) return body;
  const scrubber = createStreamScrubber(keys);
  const head = scrubber.push(body);
  const tail = scrubber.end();
  return tail.length === 0 ? head : Buffer.concat([Buffer.from(head), tail]);
}
