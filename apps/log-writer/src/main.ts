import { exitOnSignal, exitOnStartFailure } from '@aigw/http';
import { loadConfigOrExit } from '@aigw/config';
import { createLogger, startTracingFromConfig } from '@aigw/telemetry';

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
  const writer = createLogWriter({ store, bus, redisUrl, logger, retentionDays: config.logging.retention_days, prefix: ns.queue, budgetPrefix: ns.budget });
  // Before the start is announced: whoever waits for that line may signal at once.
  exitOnSignal(logger, async () => {
    await writer.close();
    await bus.close();
    await store.close();
    await tracing?.shutdown();
  });
  // The URLs may carry passwords: only the kind of database is logged.
  logger.info({ database: store.dialect, retentionDays: config.logging.retention_days }, 'aigw log-writer consuming usage events');
  process.stdout.write('aigw log-writer started\n');
}

main().catch(exitOnStartFailure('aigw-log-writer'));
