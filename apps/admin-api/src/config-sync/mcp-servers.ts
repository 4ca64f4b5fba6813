import { resolveMcpServerSecrets, type AigwConfig, type ResolvedMcpServer } from '@aigw/config';
import { StartupError } from '@aigw/http';
import { checkMcpServer, isStoreError, normaliseMcpPrice, type AdminLogInput, type McpServerPatch, type McpServerWithSecrets, type NewMcpServer, type Store } from '@aigw/store';
import type { Operation } from '../audit/operations';
import type { ConfigSyncDeps } from './reconcile';

/** A [[mcp_servers]] entry checked with the store's rules: what the config sync writes (every field, null when the file leaves it out). */
export type PlannedMcpServer = Required<Omit<NewMcpServer, 'enabled'>>;

function label(index: number, name: string): string {
  return `config file mcp_servers[${index}] "${name}"`;
}

const prices = (values: Record<string, string> | undefined): Record<string, string> | null =>
  values === undefined ? null : Object.fromEntries(Object.entries(values).map(([tool, p]) => [tool, normaliseMcpPrice('', tool, p)]));

function planOne(entry: ResolvedMcpServer, index: number): PlannedMcpServer {
  const planned: PlannedMcpServer = {
    name: entry.name,
    transport: entry.transport,
    source: 'config',
    url: entry.url ?? null,
    headers: entry.headers ?? null,
    command: entry.command ?? null,
    args: entry.args ?? null,
    env: entry.env ?? null,
    call_price: entry.call_price ?? null,
    tool_prices: entry.tool_prices ?? null,
    timeout_ms: entry.timeout_ms ?? null,
  };
  try {
    checkMcpServer(planned);
    return { ...planned, call_price: planned.call_price === null ? null : normaliseMcpPrice(entry.name, 'call_price', planned.call_price), tool_prices: prices(entry.tool_prices) };
  } catch (err) {
    if (isStoreError(err)) throw new StartupError(`${label(index, entry.name)}: ${err.message}`);
    throw err;
  }
}

/**
 * Reads the `env:NAME` values from `env`, then checks every [[mcp_servers]] entry with the store's
 * rules (names, transports, URLs, headers, prices; stdio allowed, as only the file may declare it)
 * before anything is written; the first bad entry is a StartupError naming it.
 */
export function planConfigMcpServers(config: AigwConfig, env: NodeJS.ProcessEnv = process.env): PlannedMcpServer[] {
  let servers: ResolvedMcpServer[];
  try {
    servers = resolveMcpServerSecrets(config.mcp_servers, env);
  } catch (err) {
    throw new StartupError(`config file ${(err as Error).message}`);
  }
  return servers.map((entry, index) => planOne(entry, index));
}

function configRow(operation: Operation, target: string, detail: Record<string, unknown>): AdminLogInput {
  return { ts: new Date(), actor: 'config', method: 'CONFIG', path: '[[mcp_servers]]', operation, target, status_code: 200, error_message: null, detail };
}

const FIELDS = ['transport', 'source', 'url', 'headers', 'command', 'args', 'env', 'call_price', 'tool_prices', 'timeout_ms'] as const;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
/** Objects compared whatever the order of their keys. */
const sorted = (value: Record<string, string> | null): [string, string][] | null => (value === null ? null : Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));

function differences(stored: McpServerWithSecrets, plan: PlannedMcpServer): McpServerPatch {
  const patch: McpServerPatch = {};
  for (const field of FIELDS) {
    const objects = field === 'headers' || field === 'env' || field === 'tool_prices';
    const equal = objects ? same(sorted(stored[field]), sorted(plan[field])) : same(stored[field], plan[field]);
    if (!equal) Object.assign(patch, { [field]: plan[field] });
  }
  return patch;
}

async function syncOne(store: Store, plan: PlannedMcpServer, rows: AdminLogInput[]): Promise<void> {
  const stored = await store.mcpServers.getWithSecrets(plan.name);
  if (!stored) {
    const created = await store.mcpServers.create(plan);
    rows.push(configRow('mcp_server.create', plan.name, { transport: created.transport, ...(created.url ? { url: created.url } : {}), ...(created.command ? { command: created.command } : {}) }));
    return;
  }
  const patch = differences(stored, plan);
  const changed = Object.keys(patch);
  if (changed.length === 0) return;
  await store.mcpServers.update(plan.name, patch);
  // Field names only: header and env values are secrets.
  rows.push(configRow('mcp_server.update', plan.name, { changed, ...(stored.source === 'api' ? { taken_over: true } : {}) }));
}

/**
 * Reconciles the config file's [[mcp_servers]] into the database: each server is created, or
 * updated to match the file (a server the admin API registered under the same name is taken over:
 * its source becomes `config`). A server that came from the file and is no longer in it is
 * deleted (a stdio process the file dropped must not keep running); servers the admin API
 * registered are never deleted. The enabled flag is the operator's (the admin API toggles it) and
 * is left alone. Each change is one admin_logs row with actor `config`. Returns the number of changes.
 */
export async function syncConfigMcpServers(deps: ConfigSyncDeps, plans: PlannedMcpServer[]): Promise<number> {
  const { store, logger } = deps;
  const rows: AdminLogInput[] = [];
  try {
    for (const plan of plans) await syncOne(store, plan, rows);
    const declared = new Set(plans.map((p) => p.name));
    for (const server of await store.mcpServers.list()) {
      if (server.source !== 'config' || declared.has(server.name)) continue;
      await store.mcpServers.remove(server.name);
      rows.push(configRow('mcp_server.delete', server.name, { transport: server.transport, reason: 'no longer in the config file' }));
    }
  } finally {
    await store.adminLogs.insert(rows);
  }
  if (rows.length > 0) logger.info({ changes: rows.length, mcp_servers: plans.length }, 'MCP servers from the config file reconciled');
  return rows.length;
}
