/** An upstream key and what a person may see of it (the store's `key_hint`). */
export interface KnownKey {
  readonly key: string;
  readonly key_hint: string;
}

/** The spellings of a key that may appear in a text: as is, and percent-encoded as in a URL. */
function spellings(key: string): string[] {
  const encoded = encodeURIComponent(key);
  return encoded === key ? [key] : [key, encoded];
}

/**
 * The text with each occurrence of any of these keys replaced by its hint: the one function every
 * upstream error body, message and stream passes through before a client, a row or a log sees it.
 * Longer keys go first so that a key which contains another is replaced whole.
 */
export function scrubKeys(text: string, keys: readonly KnownKey[]): string {
  const pairs = keys.flatMap((k) => spellings(k.key).map((spelling) => [spelling, k.key_hint] as const)).filter(([spelling]) => spelling.length > 0);
  pairs.sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [spelling, hint] of pairs) {
    if (out.includes(spelling)) out = out.split(spelling).join(hint);
  }
  return out;
}
