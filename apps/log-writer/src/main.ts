import express from 'express';
import { exitOnSignal, exitOnStartFailure, listen, metricsApp, serviceRoutes } from '@aigw/http';
import { loadConfigOrExit } from '@aigw/config';
import { errorMiddleware, GatewayError } from '@aigw/shared-errors';
import { createLogger, GatewayMetrics, startTracingFromConfig } from '@aigw/telemetry';

/** One log-writer of the distributed mode: BullMQ in, PostgreSQL out. Run as many as the load needs. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('aigw-log-writer');
  const tracing = startTracingFromConfig(config, 'aigw-log-writer');
  // Loaded only now that tracing runs: its instrumentations patch pg and ioredis as they load.
  const { RedisChangeBus, resolveRedisNamespace } = await import('@aigw/events');
  const { createStoreFromConfig } = await import('@aigw/store');
  const { createLogWriter } = await import('./log-writer.js');
  const logger = createLogger({ level: config.logging.level, timezone: config.logging.timezone, pretty: config.logging.pretty, name: 'aigw-log-writer' });
  const redisUrl = config.queue.redis_url;
  if (!redisUrl) {
    process.stderr.write('aigw-log-writer: queue.redis_url (AIGW_QUEUE_REDIS_URL) is required; the log-writer consumes the BullMQ queue there\n');
    process.exit(2);
  }
  const store = await createStoreFromConfig(config);
  const ns = await resolveRedisNamespace(store.settings, config.queue.prefix);
  const bus = new RedisChangeBus({ redisUrl, logger, channel: ns.changes });
  const metrics = new GatewayMetrics('aigw-log-writer');
  const writer = createLogWriter({ store, bus, redisUrl, logger, retentionDays: config.logging.retention_days, prefix: ns.queue, budgetPrefix: ns.budget, metrics });
  // A small HTTP port for /healthz, /readyz and /metrics (server.log_writer_port).
  const app = express();
  app.disable('x-powered-by');
  app.use(
    serviceRoutes({
      ready: async () => {
        await store.ping();
        await writer.ping();
      },
      onNotReady: (err) => logger.warn({ err }, 'not ready'),
      metrics: { render: () => metrics.render(), token: config.metrics.token, open: false },
    }),
  );
  app.use((req, _res, next) => next(new GatewayError('not_found', `no route for ${req.method} ${req.path}`)));
  app.use(errorMiddleware({ logger }));
  const server = await listen(app, { host: config.server.host, port: config.server.log_writer_port, portKey: 'server.log_writer_port', limits: config.server });
  const metricsServer =
    config.metrics.port > 0
      ? await listen(metricsApp(() => metrics.render(), logger), { host: config.server.host, port: config.metrics.port, portKey: 'metrics.port', limits: config.server })
      : undefined;
  // Before the start is announced: whoever waits for that line may signal at once.
  exitOnSignal(logger, async () => {
    await server.close(config.server.shutdown_grace);
    await metricsServer?.close(0);
    await writer.close();
    await bus.close();
    await store.close();
    await tracing?.shutdown();
  });
  // The URLs may carry passwords: only the kind of database is logged.
  logger.info({ database: store.dialect, retentionDays: config.logging.retention_days, port: server.port }, 'aigw log-writer consuming usage events');
  process.stdout.write(`aigw log-writer started, health and metrics on port ${server.port}\n`);
}

main().catch(exitOnStartFailure('aigw-log-writer'));
