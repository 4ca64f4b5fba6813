import { z } from 'zod';
import { GatewayError } from '@aigw/shared-errors';
import { MCP_TOOL_NAME_MAX, mcpServerNameProblem } from '@aigw/store';
import { NON_EMPTY_MESSAGE, nonEmpty, text, word } from './common';

/** What the admin API answers to any attempt at a stdio server: the API cannot start a process. */
export const STDIO_REFUSED = 'stdio servers can be declared only in the config file';
const STDIO_FIELDS = ['command', 'args', 'env'] as const;

export const mcpServerName = z.string().superRefine((name, ctx) => {
  const problem = mcpServerNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

const transport = z.enum(['streamable_http', 'sse']);
const url = text(2048).refine(isHttpUrl, 'must be an http(s) URL without credentials');
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/, 'must be a valid HTTP header name');
const headers = z.record(headerName, text(8192)).refine((h) => Object.keys(h).length <= 64, 'at most 64 headers');
const bearer = word(8192);
/** A decimal string ("0.002"); a JSON number is taken as written. The store checks the digits. */
const price = z.union([z.string().max(32), z.number().min(0).lt(1e10)]).transform((v) => String(v));
const toolPrices = z.record(word(MCP_TOOL_NAME_MAX), price).refine((p) => Object.keys(p).length <= 10_000, 'at most 10000 tools');
const timeoutMs = z.number().int('must be a whole number').min(1).max(3_600_000);

const fields = {
  transport: transport.optional(),
  url: url.optional(),
  headers: headers.nullable().optional(),
  /** Becomes `Authorization: Bearer <bearer>`; null on update removes the Authorization header. */
  bearer: bearer.nullable().optional(),
  enabled: z.boolean().optional(),
  call_price: price.nullable().optional(),
  tool_prices: toolPrices.nullable().optional(),
  timeout_ms: timeoutMs.nullable().optional(),
};

const noBearerAndAuthorization = (b: { bearer?: string | null; headers?: Record<string, string> | null }) =>
  !(typeof b.bearer === 'string' && b.headers && Object.keys(b.headers).some((h) => h.toLowerCase() === 'authorization'));
const BOTH_MESSAGE = 'give either bearer or an Authorization header, not both';

export const mcpServerCreateSchema = z
  .object({ name: mcpServerName, ...fields })
  .strict()
  .refine(noBearerAndAuthorization, BOTH_MESSAGE);

/** PUT: the fields given change, the others stay (header values are never shown, so an edit can leave them out). */
export const mcpServerUpdateSchema = z
  .object(fields)
  .strict()
  .refine(nonEmpty, NON_EMPTY_MESSAGE)
  .refine(noBearerAndAuthorization, BOTH_MESSAGE);

/**
 * Refuses a body asking for a stdio server (the transport, or a command, args or env) before the
 * schemas run, so the answer says why rather than "unknown field".
 */
export function refuseStdio(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const b = body as Record<string, unknown>;
  const field = b.transport === 'stdio' ? 'transport' : STDIO_FIELDS.find((f) => f in b);
  if (field) throw new GatewayError('invalid_request', STDIO_REFUSED, { param: field });
}
