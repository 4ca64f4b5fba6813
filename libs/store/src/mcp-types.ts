/** The MCP gateway's stored shapes (migration 009). */

export type McpTransport = 'streamable_http' | 'sse' | 'stdio';
export const MCP_TRANSPORTS: readonly McpTransport[] = ['streamable_http', 'sse', 'stdio'];
/** `api`: registered through the admin API; `config`: declared in the config file's [[mcp_servers]]. */
export type McpServerSource = 'api' | 'config';
export type McpServerStatus = 'unknown' | 'connected' | 'error';

/** An upstream MCP server as anyone may see it: header values and env values only as hints or names. */
export interface McpServer {
  id: number;
  name: string;
  transport: McpTransport;
  url: string | null;
  /** Header name -> hint of its value (`Bearer sk-a...wxyz` for a bearer credential). */
  headers_hint: Record<string, string> | null;
  /** stdio only. */
  command: string | null;
  args: string[] | null;
  /** Names of the stdio process's environment variables (values are never shown). */
  env_names: string[] | null;
  enabled: boolean;
  source: McpServerSource;
  /** Fixed amount per tools/call as a decimal string; null: free. */
  call_price: string | null;
  /** Tool name -> decimal string, overriding call_price for that tool. */
  tool_prices: Record<string, string> | null;
  /** Per-call timeout; null: the config's mcp.call_timeout. */
  timeout_ms: number | null;
  status: McpServerStatus;
  /** The last refresh's error, credentials scrubbed by whoever recorded it. */
  last_error: string | null;
  tool_count: number | null;
  /** The upstream's Tool objects at the last refresh, as it sent them. */
  tools: unknown[] | null;
  refreshed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** What the gateway connects with: headers and env decrypted. */
export interface McpServerWithSecrets extends McpServer {
  headers: Record<string, string> | null;
  env: Record<string, string> | null;
}

export interface NewMcpServer {
  name: string;
  transport: McpTransport;
  url?: string | null;
  /** Sent on every upstream request; a bearer credential is `Authorization: Bearer ...`. */
  headers?: Record<string, string> | null;
  command?: string | null;
  args?: string[] | null;
  env?: Record<string, string> | null;
  enabled?: boolean;
  /** Default `api`. A stdio server must come from the config file. */
  source?: McpServerSource;
  call_price?: string | null;
  tool_prices?: Record<string, string> | null;
  timeout_ms?: number | null;
}

/** A change to a server; `name` never changes, `source` only when the config file takes an API server over. */
export type McpServerPatch = Partial<Omit<NewMcpServer, 'name'>>;

/** What a refresh found out (or the gateway learnt on connecting). */
export interface McpServerState {
  status: McpServerStatus;
  last_error: string | null;
  tool_count: number | null;
  tools: unknown[] | null;
  refreshed_at: Date;
}
