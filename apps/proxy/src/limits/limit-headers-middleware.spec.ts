import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { jsonBody } from '@aigw/http';
import { errorMiddleware, GatewayError } from '@aigw/shared-errors';
import { createLogger } from '@aigw/telemetry';
import { setLimitHeaders } from './limit-headers';
import { limitHeadersBeforeErrorAnswer, limitHeadersMiddleware } from './limit-headers-middleware';
import { InMemoryRateLimiter, type RateLimiter } from './rate-limiter';

/**
 * The peek for the headers runs only where an answer leaves without the rate-limit stage's counted
 * check: an admitted request on a route with the stage asks the limiter once (its admit).
 */
describe('limitHeadersMiddleware', () => {
  const logger = createLogger({ level: 'silent', timezone: 'UTC' });
  const limits = { rpm_limit: 10, tpm_limit: null, concurrency_limit: null };
  let server: Server;
  let base = '';
  let peeks = 0;

  beforeAll(async () => {
    const inner = new InMemoryRateLimiter();
    const limiter: RateLimiter = {
      admit: (...args) => inner.admit(...args),
      settle: (...args) => inner.settle(...args),
      peek: (...args) => {
        peeks += 1;
        return inner.peek(...args);
      },
    };
    const app = express();
    app.use((_req, res, next) => {
      res.locals['caller'] = { kind: 'client', token: { id: 1, ...limits } };
      next();
    });
    app.use(limitHeadersMiddleware(limiter, () => 'openai', logger));
    app.use(jsonBody({ limit: 1024, maxDepth: 8 }));
    // As the pipeline: a refusal before the rate-limit stage, else the stage's counted check.
    app.post('/chat/completions', async (req, res) => {
      if ((req.body as { model?: string }).model === 'nope') throw new GatewayError('model_not_found', 'no such model');
      const { outcome } = await limiter.admit(1, { rpm: 10, tpm: null, concurrency: null }, 0, 'r');
      setLimitHeaders(res, outcome, 'openai');
      res.json({ ok: true });
    });
    app.get('/models', (_req, res) => void res.json({ data: [] }));
    app.use(errorMiddleware({ logger, beforeAnswer: limitHeadersBeforeErrorAnswer }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (peeks = 0));

  const post = (body: string) => fetch(`${base}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const limitsOf = (res: Response) => [res.headers.get('x-ratelimit-limit-requests'), res.headers.get('x-ratelimit-remaining-requests')];

  it('an admitted request on a route with the stage is not peeked; its answer has the headers of its check', async () => {
    const res = await post('{"model":"m"}');
    expect(res.status).toBe(200);
    expect(limitsOf(res)).toEqual(['10', '9']);
    expect(peeks).toBe(0);
  });

  it('a refusal before the stage (the body, the model) is peeked once and carries the headers', async () => {
    for (const [body, status] of [
      ['{"model":', 400],
      ['{"model":"nope"}', 404],
    ] as const) {
      const before = peeks;
      const res = await post(body);
      expect(res.status).toBe(status);
      expect(limitsOf(res)).toEqual(['10', '9']);
      expect(peeks - before).toBe(1);
    }
  });

  it('a route without the stage is peeked before it answers', async () => {
    const res = await fetch(`${base}/models`);
    expect(res.status).toBe(200);
    expect(limitsOf(res)).toEqual(['10', '9']);
    expect(peeks).toBe(1);
  });
});
