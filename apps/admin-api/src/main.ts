import type { AddressInfo } from 'node:net';
import { loadConfigOrExit } from '@aigw/config';
import { InProcessChangeBus, RedisChangeBus, type ChangeBus } from '@aigw/events';
import { createStoreFromConfig } from '@aigw/store';
import { createLogger } from '@aigw/telemetry';
import { createAdminApp } from './app';
import { mintAdminToken } from './auth/admin-token';

/** The admin-api process of the distributed mode, on server.admin_port. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('aigw-admin');
  const logger = createLogger({ level: config.logging.level, timezone: config.logging.timezone, pretty: config.logging.pretty, name: 'aigw-admin' });
  const store = await createStoreFromConfig(config);
  // Without Redis the proxies still pick changes up through their periodic reload.
  const bus: ChangeBus = config.queue.redis_url ? new RedisChangeBus({ redisUrl: config.queue.redis_url, logger }) : new InProcessChangeBus();
  const adminToken = await mintAdminToken(store, bus);
  const server = createAdminApp({ config, store, bus, logger }).listen(config.server.admin_port, config.server.host);
  server.once('listening', () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port }, 'aigw admin-api listening');
    process.stdout.write(`aigw admin-api listening on port ${port}\n`);
    process.stdout.write(`admin token (new at every start; the previous one no longer works):\n${adminToken}\n`);
  });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await bus.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`aigw-admin failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
