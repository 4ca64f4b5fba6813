import express from 'express';
import { type HttpServer, listen } from '@aigw/http';
import { applyAdminToken, consoleRouter, createAdminRouter } from '@aigw/admin-api';
import type { AigwConfig } from '@aigw/config';
import { InProcessChangeBus, InProcessEventSink } from '@aigw/events';
import { createUsageHandler, tracedHandler } from '@aigw/log-writer';
import { createProxyRuntime, type ProxyRuntime } from '@aigw/proxy';
import { errorMiddleware, GatewayError } from '@aigw/shared-errors';
import { createStoreFromConfig, type Store } from '@aigw/store';
import { type Logger } from '@aigw/telemetry';
import { seedAliases } from './seed-aliases';

/** How long close() waits for answered requests to hand over their usage events. */
const SETTLE_MS = 5000;

export interface Standalone {
  url: string;
  port: number;
  /** The admin token minted at this start; undefined when security.admin_token_sha256 names one. */
  adminToken: string | undefined;
  store: Store;
  proxy: ProxyRuntime;
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
  const store = await createStoreFromConfig(config, options.cwd);
  const bus = new InProcessChangeBus();
  // Events wait up to 20 ms for company: one transaction per batch instead of one per request.
  const sink = new InProcessEventSink({ handler: tracedHandler(createUsageHandler({ store, bus, logger })), logger, batchWaitMs: 20 });
  const proxy = await createProxyRuntime({ config, store, bus, sink, logger, reloadIntervalMs: options.reloadIntervalMs });

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
  let server: HttpServer;
  try {
    server = await listen(app, { host: config.server.host, port: config.server.port, portKey: 'server.port', limits: config.server });
  } catch (err) {
    await Promise.allSettled([proxy.close(), sink.close(), bus.close(), store.close()]);
    throw err;
  }
  await seedAliases(store, config.aliases, logger);
  if (Object.keys(config.aliases).length > 0) await proxy.state.reload();
  const adminToken = await applyAdminToken(store, bus, config.security.admin_token_sha256);
  const { port } = server;
  const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;

  return {
    url: `http://${host}:${port}`,
    port,
    adminToken,
    store,
    proxy,
    sink,
    async flushLogs() {
      await proxy.settled();
      await sink.flush();
    },
    async close() {
      await server.close(options.shutdownGraceMs ?? config.server.shutdown_grace);
      await proxy.settled(SETTLE_MS);
      await sink.close();
      await proxy.close();
      await bus.close();
      await store.close();
    },
  };
}
