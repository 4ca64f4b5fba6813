import express, { type Request } from 'express';
import request from 'supertest';
import { GatewayError } from './gateway-error';
import { errorMiddleware, RESPONSE_ERROR_KEY, toGatewayError, type ErrorLogger } from './middleware';
import type { ErrorBodyStyle } from './render';

interface FakeLogger extends ErrorLogger {
  error: jest.Mock;
  warn: jest.Mock;
}

function fakeLogger(): FakeLogger {
  return { error: jest.fn(), warn: jest.fn() };
}

/** A small app: JSON parser with a 100-byte limit, a few routes that fail, the middleware last. */
function buildApp(logger: ErrorLogger, styleFor?: (req: Request) => ErrorBodyStyle) {
  const app = express();
  app.use(express.json({ limit: 100 }));
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  app.get('/gateway', () => {
    throw new GatewayError('model_not_allowed', 'model x is not allowed', { param: 'model' });
  });
  app.get('/v1/messages', () => {
    throw new GatewayError('insufficient_balance', 'budget used up');
  });
  app.get('/async', async () => {
    await Promise.resolve();
    throw new GatewayError('upstream_timeout', 'upstream took too long');
  });
  app.get('/upstream-429', () => {
    throw GatewayError.fromUpstream(429, '{"error":"slow down"}', 'oai', { 'retry-after': '3', 'x-upstream-request-id': 'req_1' });
  });
  app.get('/boom', () => {
    throw new Error('db password is hunter2');
  });
  app.use(errorMiddleware({ logger, styleFor }));
  return { app };
}

describe('errorMiddleware', () => {
  it('renders a thrown GatewayError with its status and the OpenAI body', async () => {
    const logger = fakeLogger();
    const res = await request(buildApp(logger).app).get('/gateway');
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({
      error: { message: 'model x is not allowed', type: 'permission_error', code: 'model_not_allowed', param: 'model' },
    });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('sends the upstream headers an error carries (retry-after, request id) with it', async () => {
    const res = await request(buildApp(fakeLogger()).app).get('/upstream-429');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.headers['x-upstream-request-id']).toBe('req_1');
  });

  it('waits for beforeAnswer before it answers, after the error headers are set', async () => {
    const app = express();
    app.get('/late', () => {
      throw new GatewayError('model_not_allowed', 'model x is not allowed', { param: 'model' });
    });
    app.use(
      errorMiddleware({
        logger: fakeLogger(),
        beforeAnswer: async (_req, res) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          res.setHeader('x-before-answer', 'yes');
        },
      }),
    );
    const res = await request(app).get('/late');
    expect(res.status).toBe(403);
    expect(res.headers['x-before-answer']).toBe('yes');
    expect(res.body.error.code).toBe('model_not_allowed');
  });

  it('renders an error thrown by an async handler', async () => {
    const res = await request(buildApp(fakeLogger()).app).get('/async');
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('upstream_timeout');
  });

  it('renders the Anthropic body when styleFor says anthropic', async () => {
    const styleFor = (req: Request): ErrorBodyStyle => (req.path.startsWith('/v1/messages') ? 'anthropic' : 'openai');
    const { app } = buildApp(fakeLogger(), styleFor);
    const res = await request(app).get('/v1/messages');
    expect(res.status).toBe(402);
    expect(res.body).toEqual({ type: 'error', error: { type: 'billing_error', message: 'budget used up' } });
    // Other paths keep the OpenAI body.
    const other = await request(app).get('/gateway');
    expect(other.body.error.code).toBe('model_not_allowed');
  });

  it('answers malformed JSON with 400 invalid_request', async () => {
    const logger = fakeLogger();
    const res = await request(buildApp(logger).app).post('/echo').set('content-type', 'application/json').send('{"model": ');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', type: 'invalid_request_error' });
    expect(res.body.error.message).toMatch(/not valid JSON/);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const logger = fakeLogger();
    const res = await request(buildApp(logger).app)
      .post('/echo')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(500) }));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large', type: 'invalid_request_error' });
    expect(res.body.error.message).toContain('100');
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('still passes a good body through', async () => {
    const res = await request(buildApp(fakeLogger()).app).post('/echo').send({ a: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ a: 1 });
  });

  it('answers an unexpected Error with 500 internal and an error id, logs the cause, leaks nothing', async () => {
    const logger = fakeLogger();
    const res = await request(buildApp(logger).app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: 'internal', type: 'api_error', param: null });
    const match = /error id ([0-9a-f-]{36})/.exec(res.body.error.message);
    expect(match).not.toBeNull();
    const errorId = match![1];

    const text = res.text;
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('middleware.spec');
    expect(text).not.toMatch(/\bat /);

    expect(logger.error).toHaveBeenCalledTimes(1);
    const [fields] = logger.error.mock.calls[0] as [Record<string, unknown>, string];
    expect((fields.err as Error).message).toBe('db password is hunter2');
    expect(fields.errorId).toBe(errorId);
    expect(fields.path).toBe('/boom');
  });

  it('gives each unexpected error its own id', async () => {
    const { app } = buildApp(fakeLogger());
    const a = await request(app).get('/boom');
    const b = await request(app).get('/boom');
    expect(a.body.error.message).not.toBe(b.body.error.message);
  });

  it('leaves the error in res.locals and passes it on when headers were already sent', async () => {
    const logger = fakeLogger();
    const app = express();
    let seen: unknown;
    const thrown = new GatewayError('upstream_error', 'stream broke');
    app.get('/stream', (_req, res, next) => {
      res.status(200).write('data: partial\n\n');
      next(thrown);
    });
    app.use(errorMiddleware({ logger }));
    app.use((err: unknown, _req: Request, res: express.Response, _next: express.NextFunction) => {
      seen = { err, local: res.locals[RESPONSE_ERROR_KEY] };
      res.end();
    });
    const res = await request(app).get('/stream');
    expect(res.status).toBe(200);
    expect(res.text).toBe('data: partial\n\n');
    expect(seen).toEqual({ err: thrown, local: thrown });
  });
});

describe('toGatewayError', () => {
  it('returns a GatewayError unchanged', () => {
    const err = new GatewayError('conflict', 'x');
    expect(toGatewayError(err)).toBe(err);
  });

  it('maps unsupported encodings and charsets to invalid_request', () => {
    expect(toGatewayError({ type: 'encoding.unsupported' }).code).toBe('invalid_request');
    expect(toGatewayError({ type: 'charset.unsupported' }).code).toBe('invalid_request');
  });

  it('maps anything else, even null, to internal with the original as cause', () => {
    const original = new TypeError('x is undefined');
    const err = toGatewayError(original);
    expect(err.code).toBe('internal');
    expect(err.status).toBe(500);
    expect(err.cause).toBe(original);
    expect(err.message).not.toContain('x is undefined');
    expect(toGatewayError(null).code).toBe('internal');
  });
});
