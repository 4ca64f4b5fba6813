import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { ChangeMessage } from '../change-bus';
import { RedisChangeBus } from './redis-change-bus';

function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('set TEST_REDIS_URL=redis://127.0.0.1:6379 (a Redis 6.2+ server) to run these tests');
  return url;
}

function recordingLogger() {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    logger: {
      error: (_obj: object, msg?: string) => errors.push(msg ?? ''),
      warn: (_obj: object, msg?: string) => warnings.push(msg ?? ''),
      info: () => undefined,
    },
  };
}

function nextMessage(bus: RedisChangeBus): Promise<ChangeMessage> {
  return new Promise((resolve) => {
    const off = bus.subscribe((m) => {
      off();
      resolve(m);
    });
  });
}

describe('RedisChangeBus', () => {
  const url = testRedisUrl();

  it('carries a message from one instance to another within a second', async () => {
    const channel = `t-changes-${randomBytes(5).toString('hex')}`;
    const { logger, errors } = recordingLogger();
    const admin = new RedisChangeBus({ redisUrl: url, logger, channel });
    const proxy = new RedisChangeBus({ redisUrl: url, logger, channel });
    try {
      await Promise.all([admin.ready(), proxy.ready()]);
      const heard = nextMessage(proxy);
      const started = Date.now();
      const message: ChangeMessage = { type: 'token-usage', tokens: [{ id: 7, amount_spent: 1.5, enabled: false, disabled_reason: 'exhausted' }], request_ids: ['r1'] };
      await admin.publish(message);
      expect(await heard).toEqual(message);
      expect(Date.now() - started).toBeLessThan(1000);
      // An unsubscribed listener hears nothing more.
      const seen: ChangeMessage[] = [];
      const off = proxy.subscribe((m) => seen.push(m));
      off();
      const next = nextMessage(proxy);
      await admin.publish({ type: 'config', what: 'providers' });
      expect(await next).toEqual({ type: 'config', what: 'providers' });
      expect(seen).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await Promise.all([admin.close(), proxy.close()]);
    }
  });

  it('ignores messages that are not change notices', async () => {
    const channel = `t-changes-${randomBytes(5).toString('hex')}`;
    const { logger, warnings } = recordingLogger();
    const bus = new RedisChangeBus({ redisUrl: url, logger, channel });
    const { Redis } = await import('ioredis');
    const raw = new Redis(url);
    try {
      await bus.ready();
      const heard = nextMessage(bus);
      await raw.publish(channel, 'not json');
      await raw.publish(channel, JSON.stringify({ type: 'other' }));
      await bus.publish({ type: 'config', what: 'tokens' });
      expect(await heard).toEqual({ type: 'config', what: 'tokens' });
      expect(warnings).toEqual(['change bus: message is not JSON; ignored', 'change bus: unknown message type; ignored']);
    } finally {
      await raw.quit();
      await bus.close();
    }
  });

  it('publishes best-effort: with Redis unreachable it warns and resolves', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const { logger, warnings } = recordingLogger();
    const bus = new RedisChangeBus({ redisUrl: `redis://127.0.0.1:${port}`, logger, channel: `t-changes-${randomBytes(5).toString('hex')}` });
    const started = Date.now();
    await expect(bus.publish({ type: 'config', what: 'keys' })).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(warnings).toEqual(['change bus: publish failed; other services catch up at their next periodic reload']);
    await bus.close();
  });
});
