/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text, or returns undefined when it is not JSON (upstreams do send odd bodies). */
export function parseJsonSafe(text: string | Buffer): unknown {
  try {
    return JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The value when it is a non-empty string, else null. */
export function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Parsed tool arguments (a JSON string or an object); Anthropic wants an object, so anything else (or broken JSON) is `{}`. */
export function toolInput(args: unknown): Record<string, unknown> {
  if (isRecord(args)) return args;
  const parsed = typeof args === 'string' ? parseJsonSafe(args) : undefined;
  return isRecord(parsed) ? parsed : {};
}

/** `model` of a JSON answer (Anthropic Messages and OpenAI completions both carry it); null when absent or empty. */
export function modelOf(json: unknown): string | null {
  return isRecord(json) ? nonEmptyString(json.model) : null;
}

/** Model ids of a models list (`data[].id`, the shape of OpenAI's and Anthropic's). */
export function modelListIds(json: unknown): string[] {
  const list = isRecord(json) ? json.data : undefined;
  if (!Array.isArray(list)) return [];
  const ids: string[] = [];
  for (const item of list) {
    const id = isRecord(item) ? nonEmptyString(item.id) : null;
    if (id !== null) ids.push(id);
  }
  return ids;
}
