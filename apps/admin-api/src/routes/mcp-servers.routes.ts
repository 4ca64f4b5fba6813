import { Router } from 'express';
import { probeMcpServer, upstreamSpecOf } from '@aigw/mcp';
import { GatewayError } from '@aigw/shared-errors';
import type { McpServer, McpServerPatch, McpServerWithSecrets, Store } from '@aigw/store';
import { addDetail, setTarget } from '../audit/audit';
import type { AdminContext } from '../context';
import { presentMcpServer } from '../presenters/mcp-server.presenter';
import { mcpServerCreateSchema, mcpServerUpdateSchema, refuseStdio } from '../schemas/mcp-server.schema';
import { emptyQuery } from '../schemas/provider.schema';
import { parseBody, parseQuery } from '../schemas/validate';
import { pathParam } from './path-param';

type Headers = Record<string, string>;

const withoutAuthorization = (headers: Headers): Headers => Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));

const hasAuthorization = (headers: Headers): boolean => Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');

/**
 * The headers to store: `headers` as given (keeping the stored Authorization when they carry none
 * and `bearer` is left out) or the stored ones when only `bearer` changes, with the
 * bearer credential as `Authorization: Bearer ...` (null bearer: no Authorization). undefined when
 * the body touches neither; null when none are left.
 */
function headersOf(body: { headers?: Headers | null; bearer?: string | null }, stored: Headers | null): Headers | null | undefined {
  if (body.headers === undefined && body.bearer === undefined) return undefined;
  let headers: Headers = body.headers === undefined ? { ...(stored ?? {}) } : { ...(body.headers ?? {}) };
  if (body.bearer !== undefined) {
    headers = withoutAuthorization(headers);
    if (body.bearer !== null) headers.Authorization = `Bearer ${body.bearer}`;
  } else if (body.headers && stored && !hasAuthorization(headers)) {
    // New headers without an Authorization and no bearer: the stored credential stays (the
    // console sends its headers whenever any are typed, with an empty bearer meaning "keep").
    for (const [name, value] of Object.entries(stored)) if (name.toLowerCase() === 'authorization') headers[name] = value;
  }
  return Object.keys(headers).length > 0 ? headers : null;
}

async function serverByName(store: Store, name: string): Promise<McpServerWithSecrets> {
  const server = await store.mcpServers.getWithSecrets(name);
  if (!server) throw new GatewayError('not_found', `MCP server "${name}" not found`);
  return server;
}

/** Config-declared servers belong to the file: the API may enable, disable and refresh them only. */
function assertEditable(server: McpServer): void {
  if (server.source === 'config') {
    throw new GatewayError('conflict', `MCP server "${server.name}" is declared in the config file: change or remove it there (the admin API may only enable, disable or refresh it)`);
  }
}

/** Safe to log: no header or env value. */
function serverDetail(s: McpServer): Record<string, unknown> {
  return { transport: s.transport, url: s.url, header_names: s.headers_hint ? Object.keys(s.headers_hint) : [], enabled: s.enabled, call_price: s.call_price, timeout_ms: s.timeout_ms };
}

/**
 * Upstream MCP servers: register (Streamable HTTP or legacy SSE; never stdio, which only the config
 * file may declare), list, get, update, delete, enable, disable, refresh (connects, lists the
 * tools and records the state). Every change is announced as `config`/`mcp_servers`.
 */
export function mcpServersRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { store, config } = ctx.deps;
  const display = config.logging.key_display;
  const present = (s: McpServer, withTools = false) => presentMcpServer(s, ctx.time, display, withTools);

  router.post('/mcp-servers', ...ctx.op('mcp_server.create'), async (req, res) => {
    refuseStdio(req.body);
    const body = parseBody(mcpServerCreateSchema, req.body);
    setTarget(res, body.name);
    const created = await store.mcpServers.create({
      name: body.name,
      transport: body.transport ?? 'streamable_http',
      url: body.url ?? null,
      headers: headersOf(body, null) ?? null,
      enabled: body.enabled ?? true,
      source: 'api',
      call_price: body.call_price ?? null,
      tool_prices: body.tool_prices ?? null,
      timeout_ms: body.timeout_ms ?? null,
    });
    addDetail(res, serverDetail(created));
    await ctx.changed('mcp_servers');
    res.status(201).json(present(created));
  });

  router.get('/mcp-servers', ...ctx.op('mcp_server.list'), async (req, res) => {
    parseQuery(emptyQuery, req.query);
    res.json({ data: (await store.mcpServers.list(ctx.logUnreadable)).map((s) => present(s)), next_cursor: null });
  });

  router.get('/mcp-servers/:name', ...ctx.op('mcp_server.get', 'name'), async (req, res) => {
    parseQuery(emptyQuery, req.query);
    const server = await store.mcpServers.get(pathParam(req, 'name'));
    if (!server) throw new GatewayError('not_found', `MCP server "${pathParam(req, 'name')}" not found`);
    res.json(present(server, true));
  });

  router.put('/mcp-servers/:name', ...ctx.op('mcp_server.update', 'name'), async (req, res) => {
    const server = await serverByName(store, pathParam(req, 'name'));
    assertEditable(server);
    refuseStdio(req.body);
    const body = parseBody(mcpServerUpdateSchema, req.body);
    const patch: McpServerPatch = {};
    for (const field of ['transport', 'url', 'enabled', 'call_price', 'tool_prices', 'timeout_ms'] as const) {
      if (body[field] !== undefined) Object.assign(patch, { [field]: body[field] });
    }
    const headers = headersOf(body, server.headers);
    if (headers !== undefined) patch.headers = headers;
    const updated = await store.mcpServers.update(server.name, patch);
    addDetail(res, { changed: Object.keys(body), ...serverDetail(updated) });
    await ctx.changed('mcp_servers');
    res.json(present(updated));
  });

  router.delete('/mcp-servers/:name', ...ctx.op('mcp_server.delete', 'name'), async (req, res) => {
    const server = await serverByName(store, pathParam(req, 'name'));
    assertEditable(server);
    await store.mcpServers.remove(server.name);
    addDetail(res, serverDetail(server));
    await ctx.changed('mcp_servers');
    res.json({ name: server.name, deleted: true });
  });

  for (const action of ['enable', 'disable'] as const) {
    router.post(`/mcp-servers/:name/${action}`, ...ctx.op(`mcp_server.${action}`, 'name'), async (req, res) => {
      const server = await serverByName(store, pathParam(req, 'name'));
      const updated = await store.mcpServers.update(server.name, { enabled: action === 'enable' });
      addDetail(res, { was: { enabled: server.enabled }, source: server.source });
      await ctx.changed('mcp_servers');
      res.json(present(updated));
    });
  }

  router.post('/mcp-servers/:name/refresh', ...ctx.op('mcp_server.refresh', 'name'), async (req, res) => {
    const server = await serverByName(store, pathParam(req, 'name'));
    // Probing a stdio server would start its command inside admin-api: the gateway that runs it
    // records its state whenever it lists its tools.
    if (server.transport === 'stdio') throw new GatewayError('conflict', 'stdio servers are refreshed by the gateway that runs them');
    const refreshedAt = new Date();
    let recorded: McpServer;
    try {
      const { tools } = await probeMcpServer(upstreamSpecOf(server, config.mcp.call_timeout));
      recorded = await store.mcpServers.recordState(server.name, { status: 'connected', last_error: null, tool_count: tools.length, tools, refreshed_at: refreshedAt });
    } catch (err) {
      // The probe's message is the upstream's with the server's credentials scrubbed.
      const message = err instanceof Error ? err.message : String(err);
      recorded = await store.mcpServers.recordState(server.name, { status: 'error', last_error: message, tool_count: null, tools: null, refreshed_at: refreshedAt });
    }
    addDetail(res, { status: recorded.status, tool_count: recorded.tool_count, ...(recorded.last_error ? { error: recorded.last_error } : {}) });
    await ctx.changed('mcp_servers');
    res.json(present(recorded, true));
  });

  return router;
}
