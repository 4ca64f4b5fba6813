import type { AddressInfo } from 'node:net';
import { loadConfigOrExit } from '@aigw/config';
import type { ChangeBus } from '@aigw/events';
import { closeServer, createLogger, exitOnSignal, exitOnStartFailure, startTracingFromConfig } from '@aigw/telemetry';

/** The admin-api process of the distributed mode, on server.admin_port. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('aigw-admin');
  const tracing = startTracingFromConfig(config, 'aigw-admin');
  // Loaded only now that tracing runs: its instrumentations patch express, pg and ioredis as they load.
  const { InProcessChangeBus, RedisChangeBus, resolveRedisNamespace } = await import('@aigw/events');
  const { createStoreFromConfig } = await import('@aigw/store');
  const { createAdminApp } = await import('./app.js');
  const { mintAdminToken } = await import('./auth/admin-token.js');
  const logger = createLogger({ level: config.logging.level, timezone: config.logging.timezone, pretty: config.logging.pretty, name: 'aigw-admin' });
  const store = await createStoreFromConfig(config);
  // Without Redis the proxies still pick changes up through their periodic reload.
  const channel = config.queue.redis_url ? (await resolveRedisNamespace(store.settings, config.queue.prefix)).changes : '';
  const bus: ChangeBus = config.queue.redis_url ? new RedisChangeBus({ redisUrl: config.queue.redis_url, logger, channel }) : new InProcessChangeBus();
  const adminToken = await mintAdminToken(store, bus);
  const server = createAdminApp({ config, store, bus, logger }).listen(config.server.admin_port, config.server.host);
  server.once('listening', () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port }, 'aigw admin-api listening');
    process.stdout.write(`aigw admin-api listening on port ${port}\n`);
    process.stdout.write(`admin token (new at every start; the previous one no longer works):\n${adminToken}\n`);
  });

  exitOnSignal(logger, async () => {
    await closeServer(server);
    await bus.close();
    await store.close();
    await tracing?.shutdown();
  });
}

main().catch(exitOnStartFailure('aigw-admin'));
