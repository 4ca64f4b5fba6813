import express from 'express';
import request from 'supertest';
import { errorMiddleware } from '@aigw/shared-errors';
import { metricsApp, serviceRoutes, type ServiceRoutesOptions } from './service-routes';

const logger = { error: jest.fn(), warn: jest.fn() };
const render = async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'aigw_up 1\n' });

function app(options: Partial<ServiceRoutesOptions> = {}) {
  const a = express();
  a.use(serviceRoutes({ ready: async () => undefined, ...options }));
  a.use(errorMiddleware({ logger }));
  return a;
}

describe('serviceRoutes', () => {
  it('/healthz answers ok without asking anything', async () => {
    const ready = jest.fn();
    await request(app({ ready })).get('/healthz').expect(200, { status: 'ok' });
    expect(ready).not.toHaveBeenCalled();
  });

  it('/readyz is 503 with the reason when a dependency fails', async () => {
    const onNotReady = jest.fn();
    const res = await request(app({ ready: () => Promise.reject(new Error('database unreachable')), onNotReady })).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'not ready', error: 'database unreachable' });
    expect(onNotReady).toHaveBeenCalledTimes(1);
    await request(app()).get('/readyz').expect(200, { status: 'ready' });
  });

  it('/metrics is open when told so', async () => {
    const res = await request(app({ metrics: { render, token: '', open: true } })).get('/metrics').expect(200);
    expect(res.text).toBe('aigw_up 1\n');
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('/metrics needs the token when one is configured and the route is not open', async () => {
    const a = app({ metrics: { render, token: 'sekret', open: false } });
    expect((await request(a).get('/metrics').expect(401)).body.error.code).toBe('missing_token');
    expect((await request(a).get('/metrics').set('authorization', 'Bearer sekreT').expect(401)).body.error.code).toBe('invalid_token');
    expect((await request(a).get('/metrics').set('authorization', 'Bearer sekret-longer').expect(401)).body.error.code).toBe('invalid_token');
    await request(a).get('/metrics').set('authorization', 'Bearer sekret').expect(200, 'aigw_up 1\n');
  });

  it('/metrics is not served when neither a token nor an open port is configured', async () => {
    const res = await request(app({ metrics: { render, token: '', open: false } })).get('/metrics').set('authorization', 'Bearer anything');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/metrics\.token/);
  });
});

describe('metricsApp', () => {
  it('serves only /metrics, without a token', async () => {
    const a = metricsApp(render, logger);
    await request(a).get('/metrics').expect(200, 'aigw_up 1\n');
    expect((await request(a).get('/healthz').expect(404)).body.error.code).toBe('not_found');
  });
});
