import type { z } from 'zod';
import { GatewayError } from '@aigw/shared-errors';

type Where = 'body' | 'query';

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

function describe(issue: z.core.$ZodIssue, where: Where): { text: string; param: string | null } {
  const field = fieldPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => `"${field ? `${field}.` : ''}${k}"`).join(', ');
    const what = where === 'query' ? 'query parameter' : 'field';
    return { text: `unknown ${what}${issue.keys.length > 1 ? 's' : ''} ${names}`, param: issue.keys[0] ?? null };
  }
  if (!field) {
    const notObject = issue.code === 'invalid_type' && issue.expected === 'object';
    return { text: notObject && where === 'body' ? 'request body must be a JSON object' : issue.message, param: null };
  }
  const name = where === 'query' ? `query parameter ${field}` : field;
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return { text: `${name} is required`, param: field };
  }
  return { text: `${name}: ${issue.message}`, param: field };
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: Where): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const described = result.error.issues.map((issue) => describe(issue, where));
  const message = described.map((d) => d.text).join('; ');
  throw new GatewayError('invalid_request', message, { param: described[0]?.param ?? null });
}

/** The request body through its schema, or a 400 invalid_request naming each bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return parseWith(schema, body, 'body');
}

/** The query string through its schema, or a 400 invalid_request naming each bad parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  return parseWith(schema, query ?? {}, 'query');
}
