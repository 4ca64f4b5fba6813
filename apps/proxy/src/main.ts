import { exitOnSignal, exitOnStartFailure, listen, metricsApp } from '@aigw/http';
import { loadConfigOrExit } from '@aigw/config';
import { createLogger, startTracingFromConfig } from '@aigw/telemetry';

/** One proxy of the distributed mode: PostgreSQL for reads, BullMQ for events, Redis for budgets. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('aigw-proxy');
  const tracing = startTracingFromConfig(config, 'aigw-proxy');
  // Loaded only now that tracing runs: its instrumentations patch express, pg and ioredis as they load.
  const { BullMqEventSink, RedisChangeBus, RedisKeyHealthStorage, resolveRedisNamespace } = await import('@aigw/events');
  const { createStoreFromConfig } = await import('@aigw/store');
  const { RedisBudgetLedger } = await import('./budget/redis-budget-ledger.js');
  const { RedisRateLimiter } = await import('./limits/redis-rate-limiter.js');
  const { createProxyRuntime } = await import('./runtime.js');
  const { RedisMcpSessionStore } = await import('./mcp/mcp-sessions.js');
  const logger = createLogger({ level: config.logging.level, timezone: config.logging.timezone, pretty: config.logging.pretty, name: 'aigw-proxy' });
  const redisUrl = config.queue.redis_url;
  if (!redisUrl) {
    process.stderr.write('aigw-proxy: queue.redis_url (AIGW_QUEUE_REDIS_URL) is required; for one process without Redis use `npm start`\n');
    process.exit(2);
  }
  const store = await createStoreFromConfig(config);
  const ns = await resolveRedisNamespace(store.settings, config.queue.prefix);
  const bus = new RedisChangeBus({ redisUrl, logger, channel: ns.changes });
  const sink = new BullMqEventSink({ redisUrl, logger, prefix: ns.queue, eventsPerJob: config.queue.events_per_job });
  const ledger = new RedisBudgetLedger({ redisUrl, logger, keyPrefix: ns.budget, onRedisOutage: config.budget.on_redis_outage });
  if (!(await ledger.waitReady())) logger.warn('redis not reachable yet; budgets follow budget.on_redis_outage until it is');
  const limiter = new RedisRateLimiter({ redisUrl, logger, keyPrefix: ns.limits, onRedisOutage: config.budget.on_redis_outage, liveProxies: () => ledger.liveProxyCount() });
  await limiter.waitReady();
  // Key health shared by every proxy of the deployment: one proxy's discovery protects all.
  const keyHealthStorage = new RedisKeyHealthStorage({ redisUrl, logger, keyPrefix: ns.keys });
  // MCP client sessions in Redis: any proxy serves any request of a session.
  const mcpSessions = new RedisMcpSessionStore({ redisUrl, logger, keyPrefix: `${ns.prefix}:mcp:sessions:` });
  const proxy = await createProxyRuntime({ config, store, bus, sink, logger, ledger, limiter, keyHealthStorage, mcpSessions, reloadIntervalMs: 10_000, ready: () => ledger.ping() });
  const server = await listen(proxy.app(), { host: config.server.host, port: config.server.port, portKey: 'server.port', limits: config.server });
  const metrics = proxy.deps.metrics;
  const metricsServer =
    config.metrics.port > 0
      ? await listen(metricsApp(() => metrics.render(), logger), { host: config.server.host, port: config.metrics.port, portKey: 'metrics.port', limits: config.server })
      : undefined;

  // Before the start is announced: whoever waits for that line may signal at once.
  exitOnSignal(logger, async () => {
    await server.close(config.server.shutdown_grace);
    await metricsServer?.close(0);
    // Requests answered just before the close still hand their events to the sink.
    await proxy.settled(5000);
    await sink.close();
    await proxy.close();
    await ledger.close();
    await limiter.close();
    await keyHealthStorage.close();
    await bus.close();
    await store.close();
    await tracing?.shutdown();
  });
  logger.info({ port: server.port }, 'aigw proxy listening');
  process.stdout.write(`aigw proxy listening on port ${server.port}\n`);
}

main().catch(exitOnStartFailure('aigw-proxy'));
