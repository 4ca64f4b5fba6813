import express from 'express';
import { type HttpServer, listen, metricsApp } from '@aigw/http';
import { applyAdminToken, consoleRouter, createAdminRouter, planConfigMcpServers, planConfigProviders, syncConfig, type ConfigSyncResult } from '@aigw/admin-api';
import type { AigwConfig } from '@aigw/config';
import { InProcessChangeBus, InProcessEventSink } from '@aigw/events';
import { createUsageHandler, tracedHandler } from '@aigw/log-writer';
import { createProxyRuntime, type ProxyRuntime } from '@aigw/proxy';
import { errorMiddleware, GatewayError } from '@aigw/shared-errors';
import { createStoreFromConfig, type Store } from '@aigw/store';
import { GatewayMetrics, type Logger } from '@aigw/telemetry';

/** How long close() waits for answered requests to hand over their usage events. */
const SETTLE_MS = 5000;

export interface Standalone {
  url: string;
  port: number;
  /** The admin token minted at this start; undefined when security.admin_token_sha256 names one. */
  adminToken: string | undefined;
  store: Store;
  proxy: ProxyRuntime;
  metrics: GatewayMetrics;
  /** The port of the separate /metrics listener (metrics.port), when configured. */
  metricsPort: number | undefined;
  sink: InProcessEventSink;
  /** Resolves once every request answered so far has its request_logs row (and debit) written. */
  flushLogs(): Promise<void>;
  close(): Promise<void>;
}

export interface StandaloneOptions {
  config: AigwConfig;
  logger: Logger;
  cwd?: string;
  /** Safety-net reload period of the proxy's routing state. */
  reloadIntervalMs?: number;
  /** How long close() lets open requests finish before cutting them (default: server.shutdown_grace). */
  shutdownGraceMs?: number;
}

/**
 * One process, one port: /v1 (proxy), /admin (admin-api), and the log-writer's handler called in
 * process through a buffered sink. SQLite by default.
 */
export async function startStandalone(options: StandaloneOptions): Promise<Standalone> {
  const { config, logger } = options;
  // Checked before anything is opened: a bad [[providers]] entry stops the start naming it.
  const providers = planConfigProviders(config);
  const mcpServers = planConfigMcpServers(config);
  const store = await createStoreFromConfig(config, options.cwd);
  const bus = new InProcessChangeBus();
  // Events wait up to 50 ms (or until 500 are queued) for company: one transaction per batch
  // instead of one per request; each batch costs some 500 us on SQLite however few rows it has.
  const sink = new InProcessEventSink({ handler: tracedHandler(createUsageHandler({ store, bus, logger })), logger, batchWaitMs: 50, batchSize: 500 });
  const metrics = new GatewayMetrics('aigw-standalone');
  // Standalone without metrics.token serves /metrics openly; with one, the token is needed.
  const proxy = await createProxyRuntime({ config, store, bus, sink, logger, reloadIntervalMs: options.reloadIntervalMs, metrics, metricsOpen: !config.metrics.token });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(proxy.router());
  app.use('/admin', createAdminRouter({ config, store, bus, logger, dispatcher: proxy.deps.dispatcher, keyHealth: proxy.keyHealthStorage }));
  app.use('/console', consoleRouter());
  app.use((req, _res, next) => next(new GatewayError('not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorMiddleware({ logger }));

  // The port first: a start that cannot bind must not write anything (a new admin token would lock
  // out the gateway already running there).
  const release = () => Promise.allSettled([proxy.close(), sink.close(), bus.close(), store.close()]);
  let server: HttpServer;
  try {
    server = await listen(app, { host: config.server.host, port: config.server.port, portKey: 'server.port', limits: config.server });
  } catch (err) {
    await release();
    throw err;
  }
  let metricsServer: HttpServer | undefined;
  try {
    if (config.metrics.port > 0) {
      metricsServer = await listen(metricsApp(() => metrics.render(), logger), { host: config.server.host, port: config.metrics.port, portKey: 'metrics.port', limits: config.server });
    }
  } catch (err) {
    await server.close(0);
    await release();
    throw err;
  }
  let synced: ConfigSyncResult;
  try {
    synced = await syncConfig({ config, store, logger }, providers, mcpServers);
    if (synced.mcpServers > 0) await bus.publish({ type: 'config', what: 'mcp_servers' });
  } catch (err) {
    await server.close(0);
    await Promise.allSettled([proxy.close(), sink.close(), bus.close(), store.close()]);
    throw err;
  }
  if (synced.providers > 0 || synced.aliases > 0) await proxy.state.reload();
  const adminToken = await applyAdminToken(store, bus, config.security.admin_token_sha256);
  const { port } = server;
  const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;

  return {
    url: `http://${host}:${port}`,
    port,
    adminToken,
    store,
    proxy,
    metrics,
    metricsPort: metricsServer?.port,
    sink,
    async flushLogs() {
      await proxy.settled();
      await sink.flush();
    },
    async close() {
      await server.close(options.shutdownGraceMs ?? config.server.shutdown_grace);
      await metricsServer?.close(0);
      await proxy.settled(SETTLE_MS);
      await sink.close();
      await proxy.close();
      await bus.close();
      await store.close();
    },
  };
}
