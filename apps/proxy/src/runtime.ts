import type { Dispatcher } from 'undici';
import { Agent } from '@aigw/adapters';
import type { AigwConfig } from '@aigw/config';
import { InMemoryKeyHealthStorage, type ChangeBus, type EventSink, type KeyHealthStorage } from '@aigw/events';
import type { Store } from '@aigw/store';
import { GatewayMetrics, type Logger } from '@aigw/telemetry';
import { createProxyApp, createProxyRouter, type ProxyDeps } from './app';
import { InMemoryBudgetLedger, type BudgetLedger } from './budget/budget-ledger';
import { InMemoryRateLimiter, type RateLimiter } from './limits/rate-limiter';
import { adapterCache } from './chat/chat-deps';
import { KeyHealth } from './keys/key-health';
import { registerKeyStateMetrics } from './keys/key-state-metrics';
import { startKeyProbe } from './keys/key-probe';
import { recordInvalidKey } from './keys/record-invalid';
import { OpenRecords } from './record/open-records';
import { StateHolder } from './state/state-holder';
import { McpGateway } from './mcp/mcp-gateway';
import { InMemoryMcpSessionStore, type McpSessionStore } from './mcp/mcp-sessions';

export interface ProxyRuntimeOptions {
  config: AigwConfig;
  store: Store;
  bus: ChangeBus;
  sink: EventSink;
  logger: Logger;
  ledger?: BudgetLedger;
  limiter?: RateLimiter;
  /** Where key health lives: Redis in distributed mode; default this process's memory. */
  keyHealthStorage?: KeyHealthStorage;
  /** Extra readiness checks (queue); the store is always pinged. */
  ready?: () => Promise<void>;
  reloadIntervalMs?: number;
  /** The service's metrics registry; a new one ('aigw-proxy') when absent. */
  metrics?: GatewayMetrics;
  /** Standalone without metrics.token: /metrics answers without a token. */
  metricsOpen?: boolean;
  /** Client sessions of /mcp: Redis in distributed mode; default this process's memory. */
  mcpSessions?: McpSessionStore;
}

export interface ProxyRuntime {
  deps: ProxyDeps;
  state: StateHolder;
  ledger: BudgetLedger;
  keyHealthStorage: KeyHealthStorage;
  app: () => ReturnType<typeof createProxyApp>;
  router: () => ReturnType<typeof createProxyRouter>;
  /** Resolves once every request answered so far has handed its usage event to the sink (or after timeoutMs). */
  settled(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Builds the proxy's dependencies (routing state loaded, upstream connection pool) from a store. */
export async function createProxyRuntime(options: ProxyRuntimeOptions): Promise<ProxyRuntime> {
  const ledger = options.ledger ?? new InMemoryBudgetLedger();
  const state = new StateHolder({ store: options.store, bus: options.bus, logger: options.logger, ledger, reloadIntervalMs: options.reloadIntervalMs });
  await state.start();
  const keyHealthStorage = options.keyHealthStorage ?? new InMemoryKeyHealthStorage();
  const keyHealth = new KeyHealth({
    storage: keyHealthStorage,
    breaker: { failures: options.config.routing.breaker_failures, openMs: options.config.routing.breaker_open_seconds * 1000 },
    logger: options.logger,
    onInvalid: recordInvalidKey(options.store, options.bus, options.logger),
    // A claimed half-open probe keeps others off the key for one open period at most: a claim the
    // request never used (another key answered first) or a failed probe then frees the key again
    // when the breaker would, not after the whole upstream timeout.
    probeTtlMs: Math.min(options.config.server.upstream_timeout, options.config.routing.breaker_open_seconds * 1000),
    bus: options.bus,
  });
  const dispatcher: Dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256, pipelining: 1 });
  const probeSeconds = options.config.routing.key_probe_seconds;
  const stopProbe =
    probeSeconds > 0
      ? startKeyProbe({
          store: options.store,
          bus: options.bus,
          storage: keyHealthStorage,
          dispatcher,
          adapterFor: adapterCache(options.config.limits.default_completion_cap),
          logger: options.logger,
          intervalMs: probeSeconds * 1000,
          timeoutMs: Math.min(options.config.server.upstream_timeout, 30_000),
        })
      : () => undefined;
  const metrics = options.metrics ?? new GatewayMetrics('aigw-proxy');
  registerKeyStateMetrics({ metrics, store: options.store, storage: keyHealthStorage, logger: options.logger });
  const mcp = new McpGateway({ store: options.store, bus: options.bus, logger: options.logger, callTimeoutMs: options.config.mcp.call_timeout, reloadIntervalMs: options.reloadIntervalMs });
  await mcp.start();
  const mcpSessions = options.mcpSessions ?? new InMemoryMcpSessionStore();
  const deps: ProxyDeps = {
    config: options.config,
    logger: options.logger,
    state,
    ledger,
    limiter: options.limiter ?? new InMemoryRateLimiter(),
    keyHealth,
    sink: options.sink,
    store: options.store,
    dispatcher,
    openRecords: new OpenRecords(),
    metrics,
    metricsOpen: options.metricsOpen ?? false,
    mcp,
    mcpSessions,
    ready: async () => {
      await options.store.ping();
      await options.ready?.();
    },
  };
  return {
    deps,
    state,
    ledger,
    keyHealthStorage,
    app: () => createProxyApp(deps),
    router: () => createProxyRouter(deps),
    settled: (timeoutMs) => deps.openRecords.settled(timeoutMs),
    async close() {
      state.stop();
      stopProbe();
      keyHealth.close();
      // Called after the HTTP server has closed, so nothing in flight still needs the pool.
      await dispatcher.destroy();
      await mcp.close();
      await mcpSessions.close();
    },
  };
}

