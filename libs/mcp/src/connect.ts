import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { McpUpstreamError, scrubSecrets } from './errors';
import { collectPages } from './pages';
import { clientSdk } from './sdk';
import { secretsOf, type McpUpstreamSpec } from './spec';

/** How aigw introduces itself to upstream servers. */
export const GATEWAY_CLIENT_INFO = { name: 'aigw', version: '0.1.0' };

/** Connecting (a stdio process starting, initialize) may take this long even when calls must be quicker. */
const MIN_CONNECT_TIMEOUT_MS = 10_000;

function transportFor(spec: McpUpstreamSpec): Transport {
  const { SSEClientTransport, StdioClientTransport, StreamableHTTPClientTransport } = clientSdk();
  if (spec.transport === 'stdio') {
    if (!spec.command) throw new McpUpstreamError(`MCP server ${spec.name}: stdio needs a command`, 'connection');
    // The child gets a minimal environment (the SDK's default safe variables) plus the configured env.
    return new StdioClientTransport({ command: spec.command, args: spec.args ?? [], env: spec.env ? { ...safeEnv(), ...spec.env } : undefined, stderr: 'ignore' });
  }
  if (!spec.url) throw new McpUpstreamError(`MCP server ${spec.name}: ${spec.transport} needs a url`, 'connection');
  const url = new URL(spec.url);
  const requestInit = { headers: { ...spec.headers } };
  if (spec.transport === 'sse') {
    // The SSE stream's GET needs the headers too (the EventSource is opened with fetch).
    const headers = spec.headers ?? {};
    return new SSEClientTransport(url, {
      requestInit,
      eventSourceInit: { fetch: (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), ...headers } }) },
    });
  }
  return new StreamableHTTPClientTransport(url, { requestInit, reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1 } });
}

function safeEnv(): Record<string, string> {
  const keep = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'];
  const env: Record<string, string> = {};
  for (const name of keep) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Turns whatever an upstream call threw into a McpUpstreamError with the credentials scrubbed. */
export function upstreamError(spec: McpUpstreamSpec, err: unknown): McpUpstreamError {
  if (err instanceof McpUpstreamError) return err;
  const secrets = secretsOf(spec);
  // The SDK's McpError message starts with "MCP error <code>: "; the code travels apart.
  const raw = `${messageOf(err).replace(/^MCP error -?\d+: /, '')}${causeOf(err)}`;
  const message = scrubSecrets(`MCP server ${spec.name}: ${raw}`, secrets);
  const { ErrorCode, McpError } = clientSdk();
  if (err instanceof McpError) {
    const kind = err.code === ErrorCode.RequestTimeout ? 'timeout' : err.code === ErrorCode.ConnectionClosed ? 'connection' : 'answer';
    return new McpUpstreamError(message, kind, err.code);
  }
  return new McpUpstreamError(message, 'connection');
}

function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}

/** ` (connect ECONNREFUSED ...)` for fetch's bare "fetch failed", else nothing. */
function causeOf(err: unknown): string {
  const cause = typeof err === 'object' && err !== null ? (err as { cause?: unknown }).cause : undefined;
  return cause === undefined ? '' : ` (${messageOf(cause)})`;
}

/** Socket-level causes of a fetch failure that mean the connection (and so the session) dropped. */
const DROPPED_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET']);

/**
 * True when the failure means the upstream session is gone (restart, closed stream): reconnecting
 * may help. Only a 404 (session unknown), a closed connection, "Not connected" and a fetch whose
 * socket was refused or dropped count; a 5xx answer does not (the call may have run: never resent).
 */
export function isSessionLost(err: unknown): boolean {
  const { ErrorCode, McpError, SseError, StreamableHTTPError } = clientSdk();
  if (err instanceof StreamableHTTPError) return err.code === 404;
  if (err instanceof McpError) return err.code === ErrorCode.ConnectionClosed;
  // The legacy SSE stream could not be (re)opened at the network level (its cause is not kept), or 404.
  if (err instanceof SseError) return err.code === undefined || err.code === 404;
  // Not `instanceof Error`: fetch's errors may come from another realm (jest).
  if (typeof err !== 'object' || err === null || !('message' in err)) return false;
  const message = String(err.message);
  // The legacy SSE transport's POST to an endpoint the restarted upstream no longer knows.
  if (message === 'Not connected' || /^Error POSTing to endpoint \(HTTP 404\)/.test(message)) return true;
  return isDroppedSocket((err as { cause?: unknown }).cause);
}

function isDroppedSocket(cause: unknown, depth = 0): boolean {
  if (typeof cause !== 'object' || cause === null || depth > 3) return false;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && DROPPED_CODES.has(code)) return true;
  if (typeof message === 'string' && message.includes('other side closed')) return true;
  return isDroppedSocket((cause as { cause?: unknown }).cause, depth + 1);
}

export interface ConnectOptions {
  /** Called when the upstream says its tool list changed. */
  onToolsChanged?: () => void;
  /** Called once when the connection ends (upstream gone, process exited, closed by us). */
  onClose?: () => void;
}

/** A connected, initialized SDK client for the spec (errors thrown raw: callers map them). */
export async function connectRaw(spec: McpUpstreamSpec, options: ConnectOptions = {}): Promise<Client> {
  const { Client, ToolListChangedNotificationSchema } = clientSdk();
  const client = new Client(GATEWAY_CLIENT_INFO, { capabilities: {} });
  client.onclose = () => options.onClose?.();
  client.onerror = () => undefined;
  const transport = transportFor(spec);
  const timeout = Math.max(spec.timeoutMs, MIN_CONNECT_TIMEOUT_MS);
  await withDeadline(client.connect(transport, { timeout }), timeout, () => void transport.close().catch(() => undefined));
  if (options.onToolsChanged) {
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => options.onToolsChanged?.());
  }
  return client;
}

/**
 * The promise, or a RequestTimeout McpError after `ms` (then `onTimeout` runs). The SDK's connect
 * timeout covers only initialize: a legacy SSE server that never sends its endpoint event would
 * keep start() (and the pool's pending connection) waiting forever.
 */
async function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  const { ErrorCode, McpError } = clientSdk();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new McpError(ErrorCode.RequestTimeout, 'Connection timed out'));
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every tool of a connected upstream, following nextCursor. */
export function listAllTools(client: Client, timeoutMs: number): Promise<Tool[]> {
  return collectPages(async (cursor) => {
    const result = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
    return { items: result.tools, nextCursor: result.nextCursor };
  });
}
