import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { buildTestMcpServer, registerExtra, type McpToolCall } from './tools';

export interface TestMcpHttpServer {
  /** The endpoint to register: `/mcp` (Streamable HTTP) or `/sse` (legacy HTTP+SSE). */
  url: string;
  /** Every tool call received, in order. */
  calls: McpToolCall[];
  /** Sessions opened so far (each initialize), including ones lost to a restart. */
  sessionsOpened(): number;
  /** Adds a tool on every live session (each gets notifications/tools/list_changed) and on new ones. */
  addTool(name: string): void;
  /** Closes every connection and session and listens again on the same port: sessions are lost. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

interface Session {
  server: McpServer;
  transport: Transport;
}

/**
 * An MCP server written with the official SDK for tests, over Streamable HTTP (stateful: a
 * session per initialize, lost on restart) or over the legacy HTTP+SSE transport.
 */
export async function startTestMcpServer(options: { label: string; transport: 'streamable_http' | 'sse'; port?: number }): Promise<TestMcpHttpServer> {
  const calls: McpToolCall[] = [];
  const extraTools = new Set<string>();
  const sessions = new Map<string, Session>();
  let opened = 0;
  let authorization: string | undefined;
  const newServer = (): McpServer => buildTestMcpServer({ label: options.label, calls, extraTools }, () => authorization);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    authorization = req.headers.authorization;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.transport === 'sse') return handleSse(req, res, url);
    if (url.pathname !== '/mcp') return void res.writeHead(404).end();
    const id = req.headers['mcp-session-id'];
    const existing = typeof id === 'string' ? sessions.get(id) : undefined;
    if (existing) return (existing.transport as StreamableHTTPServerTransport).handleRequest(req, res);
    if (typeof id === 'string') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
      return;
    }
    const server = newServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => {
        opened += 1;
        sessions.set(sid, { server, transport });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };

  const handleSse = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method === 'GET' && url.pathname === '/sse') {
      const transport = new SSEServerTransport('/messages', res);
      const server = newServer();
      sessions.set(transport.sessionId, { server, transport });
      opened += 1;
      transport.onclose = () => sessions.delete(transport.sessionId);
      await server.connect(transport);
      return;
    }
    const session = sessions.get(url.searchParams.get('sessionId') ?? '');
    if (req.method === 'POST' && url.pathname === '/messages' && session) return (session.transport as SSEServerTransport).handlePostMessage(req, res);
    res.writeHead(404).end();
  };

  let http: Server = await listen(handle, options.port ?? 0);
  const port = (http.address() as AddressInfo).port;
  const shutdown = async (): Promise<void> => {
    const all = [...sessions.values()];
    sessions.clear();
    await Promise.all(all.map((s) => s.server.close().catch(() => undefined)));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}${options.transport === 'sse' ? '/sse' : '/mcp'}`,
    calls,
    sessionsOpened: () => opened,
    addTool(name) {
      extraTools.add(name);
      for (const session of sessions.values()) registerExtra(session.server, name, (tool, args) => calls.push({ tool, args }));
    },
    async restart() {
      await shutdown();
      http = await listen(handle, port);
    },
    close: shutdown,
  };
}

function listen(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
