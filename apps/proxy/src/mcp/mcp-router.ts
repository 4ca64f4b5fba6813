import express, { type Request, type RequestHandler, type Response } from 'express';
import { apiResponseHeaders, jsonBody } from '@aigw/http';
import { McpAllowList } from '@aigw/mcp';
import { errorMiddleware, GatewayError } from '@aigw/shared-errors';
import { requestIdMiddleware } from '@aigw/telemetry';
import type { ProxyDeps } from '../app';
import { authenticate, checkToken, credentialOf, identify, type Principal } from '../auth/authenticate';
import { identifyCallerMiddleware } from '../auth/identify-caller';
import { recordMiddleware, recordOf, type RequestRecord } from '../record/request-record';
import { serversInScope, type McpRequestContext } from './mcp-context';
import { isInitialize, mcpRequestType } from './mcp-request-type';
import { gatewayServerSdk } from './mcp-lazy';
import type { McpSessionOwner } from './mcp-sessions';

const SESSION_HEADER = 'mcp-session-id';

/**
 * `/mcp` (every server the token may use, tools named `server__tool`) and `/mcp/<server>` (one
 * server, its own names): Streamable HTTP with the gateway token as bearer. POST and DELETE are
 * one request_logs row each; GET is the session's notification stream (list_changed), not a row.
 */
export function createMcpRouter(deps: ProxyDeps): express.Router {
  const router = express.Router();
  router.use(apiResponseHeaders());
  router.use(requestIdMiddleware());
  // Two routes per method rather than a path array: the trace's http.route names one of them.
  const stream = notificationStream(deps);
  router.get('/', stream);
  router.get('/:server', stream);
  router.use(recordMiddleware({ sink: deps.sink, logger: deps.logger, open: deps.openRecords, metrics: deps.metrics, requestTypeFor: () => 'mcp_other' }));
  router.use(identifyCallerMiddleware(deps.state, () => false));
  router.use(jsonBody({ limit: deps.config.server.body_limit, maxDepth: deps.config.server.json_max_depth }));
  const post = messages(deps);
  const end = endSession(deps);
  router.post('/', post);
  router.post('/:server', post);
  router.delete('/', end);
  router.delete('/:server', end);
  router.use((req) => {
    throw new GatewayError('not_found', `no route for ${req.method} /mcp${req.path}`);
  });
  router.use(errorMiddleware({ logger: deps.logger, styleFor: () => 'mcp' }));
  return router;
}

interface Caller {
  principal: Principal;
  allow: McpAllowList;
  server: string | null;
  owner: McpSessionOwner;
}

/** The token, its MCP allow-list and the path's server: refused unless the token may reach it. */
function callerOf(deps: ProxyDeps, req: Request, principal: Principal): Caller {
  const allow = principal.kind === 'admin' ? McpAllowList.everything() : new McpAllowList(principal.token.mcp_allowed);
  if (allow.isEmpty) throw new GatewayError('mcp_not_allowed', 'this token has no MCP access (its mcp_allowed is empty)');
  const server = typeof req.params.server === 'string' ? req.params.server : null;
  if (server !== null && (!deps.mcp.pool.has(server) || !allow.reaches(server))) throw new GatewayError('not_found', `no MCP server ${server} for this token`);
  return { principal, allow, server, owner: { caller: principal.kind === 'admin' ? 'admin' : String(principal.token.id), scope: server ?? '*' } };
}

async function checkSession(deps: ProxyDeps, req: Request, res: Response, owner: McpSessionOwner): Promise<string> {
  const id = req.headers[SESSION_HEADER];
  if (typeof id !== 'string' || id.length === 0) throw new GatewayError('invalid_request', 'Mcp-Session-Id header is required (initialize first)');
  if (!(await deps.mcpSessions.check(id, owner))) throw new GatewayError('not_found', 'MCP session not found: initialize a new one');
  res.setHeader(SESSION_HEADER, id);
  return id;
}

function contextOf(deps: ProxyDeps, caller: Caller, record: RequestRecord): McpRequestContext {
  return { gateway: deps.mcp, ledger: deps.ledger, logger: deps.logger, principal: caller.principal, allow: caller.allow, server: caller.server, record, currency: deps.config.billing.currency };
}

/** POST: JSON-RPC messages through a stateless SDK transport; an initialize opens a session. */
function messages(deps: ProxyDeps): RequestHandler {
  return async (req, res) => {
    const record = recordOf(res);
    record.requestType = mcpRequestType(req.body);
    const principal = authenticate(req, res, record, deps.state.current, deps.ledger, false, { budget: false });
    const caller = callerOf(deps, req, principal);
    record.provider = caller.server;
    // Protocol 2025-06-18 has no batches; the SDK transport would still take one, as one request.
    if (Array.isArray(req.body)) throw new GatewayError('invalid_request', 'JSON-RPC batches are not supported (MCP 2025-06-18): send one message per POST');
    if (isInitialize(req.body)) res.setHeader(SESSION_HEADER, await deps.mcpSessions.create(caller.owner));
    else await checkSession(deps, req, res, caller.owner);
    const { buildGatewayServer, StreamableHTTPServerTransport } = gatewayServerSdk();
    const server = buildGatewayServer(contextOf(deps, caller, record));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    res.once('close', () => void server.close().catch(() => undefined));
    await transport.handleRequest(req, res, req.body);
  };
}

/** DELETE: the client ends its session. */
function endSession(deps: ProxyDeps): RequestHandler {
  return async (req, res) => {
    const record = recordOf(res);
    const principal = authenticate(req, res, record, deps.state.current, deps.ledger, false, { budget: false });
    const caller = callerOf(deps, req, principal);
    record.provider = caller.server;
    const id = await checkSession(deps, req, res, caller.owner);
    await deps.mcpSessions.remove(id, caller.owner);
    res.status(200).end();
  };
}

/**
 * GET: the session's stream of server notifications. It carries notifications/tools/list_changed
 * whenever a server in the session's scope says its tools changed (or was changed, added or
 * removed). The servers in scope are connected at once so their own notifications reach this proxy.
 */
function notificationStream(deps: ProxyDeps): RequestHandler {
  return async (req, res) => {
    const principal = identify(credentialOf(req, false), deps.state.current);
    checkToken(principal, deps.ledger, { budget: false });
    const caller = callerOf(deps, req, principal);
    await checkSession(deps, req, res, caller.owner);
    const scratch = { requestId: String(res.locals.requestId ?? '') } as RequestRecord;
    const ctx = contextOf(deps, caller, scratch);
    const { buildGatewayServer, StreamableHTTPServerTransport } = gatewayServerSdk();
    const server = buildGatewayServer(ctx);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    for (const name of serversInScope(ctx)) void deps.mcp.pool.tools(name).catch(() => undefined);
    const stop = deps.mcp.onToolsChanged((changed) => {
      if (caller.server === null ? caller.allow.reaches(changed) : changed === caller.server) void server.sendToolListChanged().catch(() => undefined);
    });
    res.once('close', () => {
      stop();
      void server.close().catch(() => undefined);
    });
    await transport.handleRequest(req, res);
  };
}
