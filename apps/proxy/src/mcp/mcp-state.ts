import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';

type Outcome = { tools: Tool[] } | { error: string };

/**
 * Records what this gateway process saw when it listed a server's tools (connected with its tools,
 * or the error) on the server's row, as the admin refresh does, so the admin API and the console show
 * the state the gateway lives with. Written only when it differs from what this process wrote last:
 * a failing server is retried by every tools/list, and its row must not be written each time.
 */
export class McpStateRecorder {
  private readonly last = new Map<string, string>();

  constructor(private readonly store: Store, private readonly logger: Logger) {}

  record(server: string, outcome: Outcome): Promise<void> {
    const seen = 'tools' in outcome ? `ok:${JSON.stringify(outcome.tools)}` : `error:${outcome.error}`;
    if (this.last.get(server) === seen) return Promise.resolve();
    this.last.set(server, seen);
    const state = 'tools' in outcome
      ? { status: 'connected' as const, last_error: null, tool_count: outcome.tools.length, tools: outcome.tools, refreshed_at: new Date() }
      : { status: 'error' as const, last_error: outcome.error, tool_count: null, tools: null, refreshed_at: new Date() };
    return this.store.mcpServers.recordState(server, state).then(
      () => undefined,
      (err: unknown) => {
        this.last.delete(server);
        this.logger.warn({ err, server }, 'MCP servers: could not record the state');
      },
    );
  }
}
