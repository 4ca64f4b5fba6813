import express from 'express';
import request from 'supertest';
import { errorMiddleware, GatewayError } from '@aigw/shared-errors';
import { apiResponseHeaders, rejectMalformedPath } from './api-guards';

function app() {
  const a = express();
  a.use(apiResponseHeaders());
  a.use(rejectMalformedPath());
  a.get('/ok/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  a.get('/fail', () => {
    throw new GatewayError('not_found', 'nothing here');
  });
  a.use(errorMiddleware({ logger: { error: jest.fn(), warn: jest.fn() } }));
  return a;
}

describe('api guards', () => {
  it('mark answers and errors no-store and nosniff', async () => {
    for (const path of ['/ok/1', '/fail', '/ok/%ZZ']) {
      const res = await request(app()).get(path);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answer 400 for a malformed percent-encoding and decode a good one', async () => {
    const bad = await request(app()).get('/ok/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', message: 'the request path has a malformed percent-encoding' });
    expect((await request(app()).get('/ok/%E0%A4%A4')).body).toEqual({ id: '\u0924' });
  });

  it('map a parameter that fails to decode to 400 even without the early check', async () => {
    const a = express();
    a.get('/p/:id', (_req, res) => {
      res.json({});
    });
    a.use(errorMiddleware({ logger: { error: jest.fn(), warn: jest.fn() } }));
    const res = await request(a).get('/p/%ZZ');
    expect(res.status).toBe(400);
  });
});
