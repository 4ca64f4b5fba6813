import type { ChangeBus } from '@aigw/events';
import { McpUpstreamPool, upstreamSpecOf } from '@aigw/mcp';
import type { OnUnreadableRow, Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';
import { McpStateRecorder } from './mcp-state';

/** How a server's tools/call is priced (decimal strings; null: free). */
export interface McpPricing {
  callPrice: string | null;
  toolPrices: Record<string, string>;
}

export interface McpGatewayOptions {
  store: Store;
  bus: ChangeBus;
  logger: Logger;
  /** `[mcp] call_timeout` in ms: a server without timeout_ms gets it. */
  callTimeoutMs: number;
  /** A safety-net reload period (ms); 0: only on change notices. */
  reloadIntervalMs?: number;
}

/**
 * The MCP servers this proxy serves: the enabled rows of mcp_servers, reloaded on every config
 * change notice (and on a timer), each reached through the upstream pool. Clients on a
 * notification stream subscribe to tool-list changes of the servers they may see. What each tools
 * listing finds (connected with N tools, or the error) is recorded on the server's row.
 */
export class McpGateway {
  readonly pool: McpUpstreamPool;
  private pricing = new Map<string, McpPricing>();
  private readonly listeners = new Set<(server: string) => void>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> | undefined;

  constructor(private readonly options: McpGatewayOptions) {
    const state = new McpStateRecorder(options.store, options.logger);
    this.pool = new McpUpstreamPool({
      onToolsChanged: (server) => this.toolsChanged(server),
      onListed: (server, outcome) => void state.record(server, outcome),
    });
  }

  async start(): Promise<void> {
    await this.reload();
    this.unsubscribe = this.options.bus.subscribe((message) => {
      if (message.type === 'config') void this.reload().catch((err) => this.options.logger.error({ err }, 'MCP servers: reload after change failed'));
    });
    const every = this.options.reloadIntervalMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.reload().catch((err) => this.options.logger.error({ err }, 'MCP servers: periodic reload failed')), every);
      this.timer.unref();
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.listeners.clear();
    await this.pool.close();
  }

  /** Reads the enabled servers again (one read at a time; a change meanwhile reads once more after it). */
  reload(): Promise<void> {
    const previous = this.reloading ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.loadOnce());
    this.reloading = next;
    void next.finally(() => {
      if (this.reloading === next) this.reloading = undefined;
    }).catch(() => undefined);
    return next;
  }

  pricingOf(server: string): McpPricing {
    return this.pricing.get(server) ?? { callPrice: null, toolPrices: {} };
  }

  /** The price of one call of the tool (decimal string), or null when it is free. */
  priceOf(server: string, tool: string): string | null {
    const pricing = this.pricingOf(server);
    return pricing.toolPrices[tool] ?? pricing.callPrice;
  }

  /** Tells the listener which server's tools may have changed; returns the unsubscribe function. */
  onToolsChanged(listener: (server: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private toolsChanged(server: string): void {
    for (const listener of this.listeners) listener(server);
  }

  private async loadOnce(): Promise<void> {
    const onSkip: OnUnreadableRow = (row) => this.options.logger.error({ table: row.table, id: row.id, reason: row.reason }, 'MCP servers: skipped a row that cannot be read');
    const servers = await this.options.store.mcpServers.listForGateway(onSkip);
    this.pricing = new Map(servers.map((s) => [s.name, { callPrice: s.call_price, toolPrices: s.tool_prices ?? {} }]));
    this.pool.setServers(servers.map((s) => upstreamSpecOf(s, this.options.callTimeoutMs)));
  }
}
