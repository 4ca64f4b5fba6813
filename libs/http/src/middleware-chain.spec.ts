import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { middlewareChain } from './middleware-chain';

const mark =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    res.append('x-seen', name);
    next();
  };

function app(...handlers: RequestHandler[]) {
  const a = express();
  a.use(middlewareChain(handlers));
  a.get('/', (_req, res) => {
    res.json({ reached: true });
  });
  a.use(((err, _req, res, _next) => {
    res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
  }) as express.ErrorRequestHandler);
  return a;
}

describe('middlewareChain', () => {
  it('runs the handlers in order, then the route', async () => {
    const res = await request(app(mark('a'), mark('b'), mark('c'))).get('/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ reached: true });
    expect(res.headers['x-seen']).toBe('a, b, c');
  });

  it('hands next(err), a throw and a rejected promise to the error middleware, skipping what follows', async () => {
    const failures: RequestHandler[] = [
      (_req, _res, next) => next(new Error('passed')),
      () => {
        throw new Error('thrown');
      },
      (async () => {
        throw new Error('rejected');
      }) as RequestHandler,
    ];
    for (const fail of failures) {
      const res = await request(app(mark('a'), fail, mark('never'))).get('/');
      expect(res.status).toBe(500);
      expect(['passed', 'thrown', 'rejected']).toContain(res.body.error);
      expect(res.headers['x-seen']).toBe('a');
    }
  });

  it("treats next('route') as going on and next('router') as leaving the chain's router", async () => {
    const route = await request(app((_req, _res, next) => next('route'), mark('b'))).get('/');
    expect(route.body).toEqual({ reached: true });
    expect(route.headers['x-seen']).toBe('b');
    const outer = express();
    const inner = express.Router();
    inner.use(middlewareChain([(_req, _res, next) => next('router'), mark('never')]));
    inner.get('/', (_req, res) => {
      res.json({ inner: true });
    });
    outer.use(inner);
    outer.get('/', (_req, res) => {
      res.json({ outer: true });
    });
    const left = await request(outer).get('/');
    expect(left.body).toEqual({ outer: true });
    expect(left.headers['x-seen']).toBeUndefined();
  });

  it('lets a handler answer without calling next', async () => {
    const res = await request(
      app(mark('a'), (_req, res) => {
        res.status(204).end();
      }, mark('never')),
    ).get('/');
    expect(res.status).toBe(204);
    expect(res.headers['x-seen']).toBe('a');
  });
});
