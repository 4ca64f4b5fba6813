import { parseMcpAllowEntry } from '@aigw/store';

/**
 * A token's MCP allow-list (`tokens.mcp_allowed`): entries `server` (the whole server: its tools,
 * resources and prompts) or `server/tool` (that one tool). Null or empty: no MCP access at all.
 */
export class McpAllowList {
  private readonly wholeServers = new Set<string>();
  private readonly tools = new Map<string, Set<string>>();
  private all = false;

  constructor(entries: readonly string[] | null | undefined) {
    for (const entry of entries ?? []) {
      // The store's parse (the rule the admin API checks entries by); a broken entry opens nothing.
      const parsed = parseMcpAllowEntry(entry);
      if (!parsed) continue;
      if (parsed.tool === undefined) {
        this.wholeServers.add(parsed.server);
        continue;
      }
      let set = this.tools.get(parsed.server);
      if (!set) this.tools.set(parsed.server, (set = new Set()));
      set.add(parsed.tool);
    }
  }

  /** Every entry may be used (the admin token). */
  static everything(): McpAllowList {
    const list = new McpAllowList([]);
    list.all = true;
    return list;
  }

  /** Nothing at all is allowed. */
  get isEmpty(): boolean {
    return !this.all && this.wholeServers.size === 0 && this.tools.size === 0;
  }

  /** Some part of the server may be used (it appears in the aggregated endpoint; /mcp/<server> opens). */
  reaches(server: string): boolean {
    return this.all || this.wholeServers.has(server) || this.tools.has(server);
  }

  /** The whole server may be used: its resources and prompts are proxied. */
  allowsServer(server: string): boolean {
    return this.all || this.wholeServers.has(server);
  }

  allowsTool(server: string, tool: string): boolean {
    return this.allowsServer(server) || (this.tools.get(server)?.has(tool) ?? false);
  }
}
