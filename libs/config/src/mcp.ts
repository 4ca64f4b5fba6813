import { z } from 'zod';
import { ENV_KEY_PREFIX } from './providers';

/**
 * `[[mcp_servers]]`: upstream MCP servers declared in the config file (the only place a stdio
 * server may be declared). The file gives their shape; the admin-api's config sync checks each
 * entry with the store's rules and reconciles it into the database at start. Header values, the
 * bearer credential and env values may be `env:NAME`, read from that variable by the process that
 * reconciles (standalone, admin-api).
 */

/** A price as a decimal string; a TOML number is taken as written. */
const price = z.union([z.string().min(1), z.number().min(0)]).transform((v) => String(v));

export const mcpServerEntrySchema = z
  .object({
    name: z.string().min(1, 'must not be empty'),
    transport: z.enum(['streamable_http', 'sse', 'stdio']).default('streamable_http'),
    url: z.string().min(1).optional(),
    /** Header name -> value (or `env:NAME`). */
    headers: z.record(z.string(), z.string()).optional(),
    /** Sent as `Authorization: Bearer <bearer>` (or `env:NAME`). */
    bearer: z.string().min(1).optional(),
    command: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    /** The stdio process's environment additions: name -> value (or `env:NAME`). */
    env: z.record(z.string(), z.string()).optional(),
    call_price: price.optional(),
    tool_prices: z.record(z.string(), price).optional(),
    timeout_ms: z.number().int('must be a whole number').min(1).max(2_147_483_647).optional(),
  })
  .strict()
  .refine((s) => !(s.bearer !== undefined && s.headers && Object.keys(s.headers).some((h) => h.toLowerCase() === 'authorization')), 'give either bearer or an Authorization header, not both');

export const mcpServersSchema = z
  .array(mcpServerEntrySchema)
  .default([])
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${s.name}" is declared twice` });
      seen.add(s.name);
    });
  });

export type ConfigMcpServer = z.output<typeof mcpServerEntrySchema>;

/** The label of one entry in messages: `mcp_servers[0] "github"`. */
export function mcpServerLabel(index: number, name: unknown): string {
  return typeof name === 'string' && name.length > 0 ? `mcp_servers[${index}] "${name}"` : `mcp_servers[${index}]`;
}

/** A [[mcp_servers]] entry with its secrets read: the headers (bearer folded in as Authorization) and env. */
export interface ResolvedMcpServer extends Omit<ConfigMcpServer, 'bearer'> {
  headers?: Record<string, string>;
  env?: Record<string, string>;
}

/**
 * The entries with every `env:NAME` value (headers, bearer, env) read from `env`, the bearer
 * folded into the headers as `Authorization: Bearer ...`. Throws one message naming each missing
 * variable by entry and field (never a value).
 */
export function resolveMcpServerSecrets(servers: ConfigMcpServer[], env: NodeJS.ProcessEnv): ResolvedMcpServer[] {
  const problems: string[] = [];
  const read = (where: string, value: string): string => {
    if (!value.startsWith(ENV_KEY_PREFIX)) return value;
    const name = value.slice(ENV_KEY_PREFIX.length);
    const found = env[name];
    if (found === undefined || found === '') problems.push(`${where}: environment variable ${name} is not set`);
    return found ?? '';
  };
  const readAll = (where: string, values: Record<string, string> | undefined) =>
    values === undefined ? undefined : Object.fromEntries(Object.entries(values).map(([k, v]) => [k, read(`${where}.${k}`, v)]));
  const resolved = servers.map((s, i) => {
    const label = mcpServerLabel(i, s.name);
    const { bearer, ...rest } = s;
    const headers = readAll(`${label}.headers`, s.headers);
    const withBearer = bearer === undefined ? headers : { ...headers, Authorization: `Bearer ${read(`${label}.bearer`, bearer)}` };
    const out: ResolvedMcpServer = { ...rest };
    if (withBearer !== undefined) out.headers = withBearer;
    else delete out.headers;
    const vars = readAll(`${label}.env`, s.env);
    if (vars !== undefined) out.env = vars;
    return out;
  });
  if (problems.length > 0) throw new Error(problems.join('; '));
  return resolved;
}
