import { exitOnSignal, exitOnStartFailure, type HttpServer, listen } from '@aigw/http';
import { loadConfigOrExit } from '@aigw/config';
import type { ChangeBus } from '@aigw/events';
import { createLogger, startTracingFromConfig } from '@aigw/telemetry';

/** The admin-api process of the distributed mode, on server.admin_port. */
async function main(): Promise<void> {
  const config = loadConfigOrExit('aigw-admin');
  const tracing = startTracingFromConfig(config, 'aigw-admin');
  // Loaded only now that tracing runs: its instrumentations patch express, pg and ioredis as they load.
  const { InProcessChangeBus, RedisChangeBus, RedisKeyHealthStorage, resolveRedisNamespace } = await import('@aigw/events');
  const { createStoreFromConfig } = await import('@aigw/store');
  const { createAdminApp } = await import('./app.js');
  const { adminTokenNotice, applyAdminToken } = await import('./auth/admin-token.js');
  const logger = createLogger({ level: config.logging.level, timezone: config.logging.timezone, pretty: config.logging.pretty, name: 'aigw-admin' });
  const store = await createStoreFromConfig(config);
  // Without Redis the proxies still pick changes up through their periodic reload.
  const ns = config.queue.redis_url ? await resolveRedisNamespace(store.settings, config.queue.prefix) : undefined;
  const bus: ChangeBus = ns ? new RedisChangeBus({ redisUrl: config.queue.redis_url, logger, channel: ns.changes }) : new InProcessChangeBus();
  // The live key states the proxies share (GET /admin/providers/:name/keys reads them there).
  const keyHealth = ns ? new RedisKeyHealthStorage({ redisUrl: config.queue.redis_url, logger, keyPrefix: ns.keys }) : undefined;
  // The port first: a start that cannot bind must not mint (that would lock out the running admin-api).
  let server: HttpServer;
  try {
    server = await listen(createAdminApp({ config, store, bus, logger, keyHealth }), { host: config.server.host, port: config.server.admin_port, portKey: 'server.admin_port', limits: config.server });
  } catch (err) {
    await Promise.allSettled([bus.close(), store.close(), keyHealth?.close()]);
    throw err;
  }
  const adminToken = await applyAdminToken(store, bus, config.security.admin_token_sha256);

  // Before the start is announced: whoever waits for that line may signal at once.
  exitOnSignal(logger, async () => {
    await server.close(config.server.shutdown_grace);
    await bus.close();
    await keyHealth?.close();
    await store.close();
    await tracing?.shutdown();
  });
  logger.info({ port: server.port }, 'aigw admin-api listening');
  process.stdout.write(`aigw admin-api listening on port ${server.port}\n`);
  process.stdout.write(adminTokenNotice(adminToken));
}

main().catch(exitOnStartFailure('aigw-admin'));
