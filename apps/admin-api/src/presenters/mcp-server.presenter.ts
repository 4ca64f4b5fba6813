import type { AigwConfig, LocalTime } from '@aigw/config';
import type { McpServer } from '@aigw/store';
import { shownHint } from './key.presenter';

type KeyDisplay = AigwConfig['logging']['key_display'];

function toolName(tool: unknown): string | null {
  return typeof tool === 'object' && tool !== null && typeof (tool as { name?: unknown }).name === 'string' ? (tool as { name: string }).name : null;
}

/**
 * An MCP server as every answer shows it: header values as hints (none with key_display `none`),
 * env as variable names, never a secret. The list shows the tools' names; GET one server adds the
 * tools as the upstream described them at the last refresh.
 */
export function presentMcpServer(s: McpServer, time: LocalTime, display: KeyDisplay, withTools = false) {
  const headers = s.headers_hint === null ? null : Object.fromEntries(Object.entries(s.headers_hint).map(([name, hint]) => [name, shownHint(hint, display)]));
  return {
    id: s.id,
    name: s.name,
    transport: s.transport,
    url: s.url,
    headers_hint: headers,
    command: s.command,
    args: s.args,
    env_names: s.env_names,
    enabled: s.enabled,
    source: s.source,
    call_price: s.call_price,
    tool_prices: s.tool_prices,
    timeout_ms: s.timeout_ms,
    status: s.status,
    last_error: s.last_error,
    tool_count: s.tool_count,
    tool_names: s.tools === null ? null : s.tools.map(toolName).filter((n): n is string => n !== null),
    ...(withTools ? { tools: s.tools } : {}),
    refreshed_at: s.refreshed_at ? time.format(s.refreshed_at) : null,
    created_at: time.format(s.created_at),
    updated_at: time.format(s.updated_at),
  };
}
