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

/** Each key's spellings, made once per key object (and again should its text change). */
const keySpellings = new WeakMap<KnownKey, { text: string; spellings: string[] }>();

function spellingsOf(key: KnownKey): string[] {
  let entry = keySpellings.get(key);
  if (entry?.text !== key.key) {
    entry = { text: key.key, spellings: spellings(key.key) };
    keySpellings.set(key, entry);
  }
  return entry.spellings;
}

/** True when one of the keys' (non-empty) spellings occurs in the text. */
function holdsSpelling(text: string, keys: readonly KnownKey[]): boolean {
  for (const key of keys) {
    for (const spelling of spellingsOf(key)) if (spelling.length > 0 && text.includes(spelling)) return true;
  }
  return false;
}

/**
 * The text with each occurrence of any of these keys replaced by its hint: the one function every
 * upstream error body, message and stream passes through before a client, a row or a log sees it.
 * Longer keys go first so that a key which contains another is replaced whole.
 */
export function scrubKeys(text: string, keys: readonly KnownKey[]): string {
  // Most texts hold no key: they are given back as they are, without building the pairs below.
  if (!holdsSpelling(text, keys)) return text;
  const pairs = keys.flatMap((k) => spellingsOf(k).map((spelling) => [spelling, k.key_hint] as const)).filter(([spelling]) => spelling.length > 0);
  pairs.sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [spelling, hint] of pairs) {
    if (out.includes(spelling)) out = out.split(spelling).join(hint);
  }
  return out;
}
