/**
 * Reads one top-level field of a large JSON answer without parsing the rest, so an embeddings
 * answer (megabytes of vectors) reaches the client as the upstream's own bytes and costs one
 * native search instead of a parse and a re-serialization.
 */

/** How much text after the key is read: usage objects and model names are far shorter. */
const WINDOW = 64 * 1024;

/** Index just past the JSON value starting at `start` in `text`, or -1 when it does not end in the text. */
function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return stringEnd(text, start);
  if (first !== '{' && first !== '[') {
    const m = /^[^,}\]\s]+/.exec(text.slice(start));
    return m ? start + m[0].length : -1;
  }
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i) - 1;
      if (i < 0) return -1;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Index just past the string literal opening at `start`, or -1 when it does not close. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/**
 * The value of the last `"key":` in a JSON text, or undefined when there is none or it cannot be
 * read. Only a key can be followed by a colon, and the vectors of an embeddings answer hold no
 * strings with quotes, so the last such key of the answer is the top-level one (OpenAI and Zhipu
 * put `usage` last).
 */
export function lastKeyValue(bytes: Buffer, key: string): unknown {
  const needle = Buffer.from(`"${key}"`);
  let from = bytes.length;
  while (from >= 0) {
    const at = bytes.lastIndexOf(needle, from);
    if (at < 0) return undefined;
    const text = bytes.subarray(at + needle.length, at + needle.length + WINDOW).toString('utf8');
    const colon = /^\s*:\s*/.exec(text);
    if (colon) {
      const start = colon[0].length;
      const end = valueEnd(text, start);
      if (end < 0) return undefined;
      try {
        return JSON.parse(text.slice(start, end)) as unknown;
      } catch {
        return undefined;
      }
    }
    from = at - 1;
  }
  return undefined;
}
