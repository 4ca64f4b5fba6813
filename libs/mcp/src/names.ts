import { isMcpServerName } from '@aigw/store';

/** Between a server's name and its tool's name in the aggregated list (`server__tool`). */
export const TOOL_SEPARATOR = '__';

/** The MCP spec's tool name rule (2025-11-25): 1 to 128 of A-Z a-z 0-9 _ - . */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

export function isValidToolName(name: string): boolean {
  return TOOL_NAME.test(name);
}

/** `server__tool`, or null when the result breaks the spec's limits (too long, a character outside the set). */
export function aggregatedName(server: string, tool: string): string | null {
  const name = `${server}${TOOL_SEPARATOR}${tool}`;
  return isValidToolName(name) ? name : null;
}

/** Splits `server__tool` at the first `__` (a server name, by the store's rule, holds none); null when it has none. */
export function splitAggregatedName(name: string): { server: string; tool: string } | null {
  const at = name.indexOf(TOOL_SEPARATOR);
  if (at <= 0) return null;
  const server = name.slice(0, at);
  const tool = name.slice(at + TOOL_SEPARATOR.length);
  if (!isMcpServerName(server) || tool.length === 0) return null;
  return { server, tool };
}

/** Code-unit order, the same on every machine and locale (localeCompare is not). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
