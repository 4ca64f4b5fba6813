/** `Name: value` (headers) or `tool = price` lines of a textarea as an object; blank lines are skipped. */
export type PairsResult = { ok: true; value: Record<string, string> } | { ok: false; line: number };

export function parsePairs(text: string, separator: ':' | '='): PairsResult {
  const value: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const at = line.indexOf(separator);
    const name = at < 0 ? '' : line.slice(0, at).trim();
    const rest = at < 0 ? '' : line.slice(at + 1).trim();
    if (name === '' || rest === '') return { ok: false, line: i + 1 };
    value[name] = rest;
  }
  return { ok: true, value };
}

/** The object back as lines (`tool = price`), for an edit form. */
export function pairsText(value: Record<string, string> | null, separator: ':' | '='): string {
  if (!value) return '';
  return Object.entries(value)
    .map(([k, v]) => (separator === ':' ? `${k}: ${v}` : `${k} = ${v}`))
    .join('\n');
}
