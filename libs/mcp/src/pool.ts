import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { connectRaw, isSessionLost, listAllTools, upstreamError } from './connect';
import { compareNames } from './names';
import { sameSpec, type McpUpstreamSpec } from './spec';

/** Tries of one request when the upstream session keeps turning out lost (a restart can cost two). */
const SESSION_ATTEMPTS = 3;

interface Upstream {
  spec: McpUpstreamSpec;
  /** The live connection (its upstream session), or the connect in progress. */
  client: Promise<Client> | undefined;
  /** The upstream's tools as last listed; dropped when it says they changed or the session is re-created. */
  tools: Promise<Tool[]> | undefined;
  closed: boolean;
}

export interface McpUpstreamPoolOptions {
  /** Told when a server's tool list may have changed (list_changed, reconnect, spec change, removal). */
  onToolsChanged?: (server: string) => void;
  /**
   * Told the outcome of every upstream tools listing (the tools, or the error with the credentials
   * scrubbed), so the gateway can record the server's state as the admin refresh does.
   */
  onListed?: (server: string, outcome: { tools: Tool[] } | { error: string }) => void;
  /** How a connection is made (tests may count them); default the SDK client over the spec's transport. */
  connect?: typeof connectRaw;
}

/**
 * The gateway's connections to its upstream MCP servers: one upstream session per server in this
 * process, opened on first use and shared by every client session. A call that finds the session
 * gone (the upstream restarted, the stream or process ended) opens a new one and is sent again (at
 * most SESSION_ATTEMPTS tries), so a client never sees an upstream's bounce. A call whose upstream
 * died while running it may therefore run twice. Every upstream request carries the server's timeout.
 */
export class McpUpstreamPool {
  private readonly upstreams = new Map<string, Upstream>();
  private readonly connect: typeof connectRaw;

  constructor(private readonly options: McpUpstreamPoolOptions = {}) {
    this.connect = options.connect ?? connectRaw;
  }

  /** Replaces the set of servers: removed or changed ones are closed, new ones connect on first use. */
  setServers(specs: readonly McpUpstreamSpec[]): void {
    const next = new Map(specs.map((spec) => [spec.name, spec]));
    for (const [name, upstream] of this.upstreams) {
      const spec = next.get(name);
      if (spec && sameSpec(spec, upstream.spec)) continue;
      this.drop(upstream);
      this.upstreams.delete(name);
      this.options.onToolsChanged?.(name);
    }
    for (const spec of specs) {
      if (this.upstreams.has(spec.name)) continue;
      this.upstreams.set(spec.name, { spec, client: undefined, tools: undefined, closed: false });
      this.options.onToolsChanged?.(spec.name);
    }
  }

  /** The enabled servers' names in stable order. */
  serverNames(): string[] {
    return [...this.upstreams.keys()].sort(compareNames);
  }

  has(server: string): boolean {
    return this.upstreams.has(server);
  }

  spec(server: string): McpUpstreamSpec | undefined {
    return this.upstreams.get(server)?.spec;
  }

  /** The server's tools (cached until it says they changed); throws McpUpstreamError. */
  async tools(server: string): Promise<Tool[]> {
    const upstream = this.get(server);
    if (!upstream.tools) {
      const listing = this.withClient(upstream, (client) => listAllTools(client, upstream.spec.timeoutMs));
      upstream.tools = listing;
      listing.then(
        (tools) => this.options.onListed?.(server, { tools }),
        (err: unknown) => {
          if (upstream.tools === listing) upstream.tools = undefined;
          this.options.onListed?.(server, { error: err instanceof Error ? err.message : String(err) });
        },
      );
    }
    return upstream.tools;
  }

  /**
   * Runs one request on the server's session with its timeout (`timeoutMs` overrides it), re-creating
   * the session once when it was lost. Throws McpUpstreamError with the credentials scrubbed.
   */
  request<T>(server: string, send: (client: Client, options: { timeout: number; signal?: AbortSignal }) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const upstream = this.get(server);
    return this.withClient(upstream, (client) => send(client, { timeout: upstream.spec.timeoutMs, signal }));
  }

  async close(): Promise<void> {
    const all = [...this.upstreams.values()];
    this.upstreams.clear();
    await Promise.all(all.map((upstream) => this.drop(upstream)));
  }

  private get(server: string): Upstream {
    const upstream = this.upstreams.get(server);
    if (!upstream) throw new Error(`unknown MCP server ${server}`);
    return upstream;
  }

  private async withClient<T>(upstream: Upstream, send: (client: Client) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      let connection: Promise<Client> | undefined;
      try {
        connection = this.connectionOf(upstream);
        return await send(await connection);
      } catch (err) {
        // The session is gone (restart, closed stream, exited process, a pooled socket the restarted
        // upstream closed): forget it and try on a new one, at most SESSION_ATTEMPTS times in all.
        if (!isSessionLost(err) || upstream.closed || attempt >= SESSION_ATTEMPTS) throw upstreamError(upstream.spec, err);
        this.forget(upstream, connection, await connection?.then(() => true, () => false));
      }
    }
  }

  private connectionOf(upstream: Upstream): Promise<Client> {
    if (upstream.closed) return Promise.reject(new Error('the server was removed'));
    if (upstream.client) return upstream.client;
    // Only a connection that had opened may have listed tools: a failed connect (the SDK closes the
    // client when initialize fails) announces nothing, or a down server would storm list_changed.
    let opened = false;
    const connection: Promise<Client> = this.connect(upstream.spec, {
      onToolsChanged: () => {
        if (upstream.client !== connection) return;
        upstream.tools = undefined;
        this.options.onToolsChanged?.(upstream.spec.name);
      },
      onClose: () => this.forget(upstream, connection, opened),
    });
    upstream.client = connection;
    connection.then(
      () => {
        opened = true;
      },
      () => this.forget(upstream, connection, false),
    );
    return connection;
  }

  /**
   * Drops the connection when it is still the current one, with the tools listed over it (a new
   * session may list others); the next call opens a new one.
   */
  private forget(upstream: Upstream, connection: Promise<Client> | undefined, notify = true): void {
    if (!connection || upstream.client !== connection) return;
    upstream.client = undefined;
    upstream.tools = undefined;
    connection.then((client) => client.close()).catch(() => undefined);
    if (notify && !upstream.closed) this.options.onToolsChanged?.(upstream.spec.name);
  }

  private async drop(upstream: Upstream): Promise<void> {
    upstream.closed = true;
    const client = upstream.client;
    upstream.client = undefined;
    upstream.tools = undefined;
    await client?.then((c) => c.close()).catch(() => undefined);
  }
}
