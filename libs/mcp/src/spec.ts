import type { McpServerWithSecrets } from '@aigw/store';

/** How the gateway reaches one upstream MCP server. */
export type McpTransportKind = 'streamable_http' | 'sse' | 'stdio';

export interface McpUpstreamSpec {
  /** The server's name in aigw (/^[a-z0-9]+(-[a-z0-9]+)*$/, at most 32 characters). */
  name: string;
  transport: McpTransportKind;
  /** streamable_http and sse. */
  url?: string;
  /** Sent on every HTTP request to the upstream (a bearer credential is `Authorization`). */
  headers?: Record<string, string>;
  /** stdio: the program, its arguments and extra environment. */
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  /** Most milliseconds one upstream request (connect, list, call) may take. */
  timeoutMs: number;
}

const AUTH_SCHEME = /^(Bearer|Basic|Token)\s+/i;

/** The values that must never appear in a message the gateway passes on. */
export function secretsOf(spec: McpUpstreamSpec): string[] {
  const values = [...Object.values(spec.headers ?? {}), ...Object.values(spec.env ?? {})];
  // An upstream may echo the credential without its scheme (`sk-..` of `Bearer sk-..`).
  const bare = values.map((v) => v.replace(AUTH_SCHEME, '')).filter((v, i) => v !== values[i]);
  return [...values, ...bare];
}

/** True when two specs reach the same upstream the same way (a changed spec needs a new connection). */
export function sameSpec(a: McpUpstreamSpec, b: McpUpstreamSpec): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(spec: McpUpstreamSpec): unknown[] {
  const sorted = (o: Record<string, string> | undefined): [string, string][] => Object.entries(o ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return [spec.name, spec.transport, spec.url ?? null, sorted(spec.headers), spec.command ?? null, spec.args ?? [], sorted(spec.env), spec.timeoutMs];
}

/** The upstream spec of a stored server (a server without timeout_ms gets `defaultTimeoutMs`). */
export function upstreamSpecOf(server: McpServerWithSecrets, defaultTimeoutMs: number): McpUpstreamSpec {
  const spec: McpUpstreamSpec = { name: server.name, transport: server.transport, timeoutMs: server.timeout_ms ?? defaultTimeoutMs };
  if (server.url) spec.url = server.url;
  if (server.headers) spec.headers = server.headers;
  if (server.command) spec.command = server.command;
  if (server.args) spec.args = server.args;
  if (server.env) spec.env = server.env;
  return spec;
}
