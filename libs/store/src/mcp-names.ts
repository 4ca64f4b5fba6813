/**
 * MCP names. A server name is lower-case words joined by single hyphens, at most 32 characters,
 * so an aggregated tool name `server__tool` splits at its first `__` unambiguously and an
 * allow-list entry `server/tool` at its first `/`.
 */
export const MCP_SERVER_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MCP_SERVER_NAME_MAX = 32;
/** The MCP specification's limit for a tool name. */
export const MCP_TOOL_NAME_MAX = 128;

const CONTROL_OR_SPACE = /[\s\u0000-\u001f\u007f-\u009f]/;

export function isMcpServerName(name: string): boolean {
  return name.length <= MCP_SERVER_NAME_MAX && MCP_SERVER_NAME.test(name);
}

/** What is wrong with a server name, or undefined when it is fine. */
export function mcpServerNameProblem(name: string): string | undefined {
  if (isMcpServerName(name)) return undefined;
  return `MCP server name "${name}" must be 1 to ${MCP_SERVER_NAME_MAX} lower-case letters and digits in words joined by single hyphens (e.g. "github" or "docs-search")`;
}

/** One MCP allow-list entry: a whole server (`tool` undefined) or one tool of it. */
export interface McpAllowEntry {
  server: string;
  tool?: string;
}

/** `server` or `server/tool` parsed, or undefined when the entry breaks the naming rules. */
export function parseMcpAllowEntry(entry: string): McpAllowEntry | undefined {
  const slash = entry.indexOf('/');
  const server = slash < 0 ? entry : entry.slice(0, slash);
  if (!isMcpServerName(server)) return undefined;
  if (slash < 0) return { server };
  const tool = entry.slice(slash + 1);
  if (tool.length === 0 || [...tool].length > MCP_TOOL_NAME_MAX || CONTROL_OR_SPACE.test(tool)) return undefined;
  return { server, tool };
}

/** What is wrong with an allow-list entry, or undefined when it is fine. */
export function mcpAllowEntryProblem(entry: string): string | undefined {
  if (parseMcpAllowEntry(entry)) return undefined;
  return `MCP allow-list entry "${entry}" must be a server name or server/tool (server: lower-case words joined by hyphens, tool: 1 to ${MCP_TOOL_NAME_MAX} characters without spaces)`;
}
