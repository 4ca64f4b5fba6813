import { gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { errorMiddleware } from '@aigw/shared-errors';
import { jsonBody } from './json-body';

function app() {
  const a = express();
  a.use(jsonBody({ limit: 1000, maxDepth: 4 }));
  a.post('/echo', (req, res) => {
    res.json({ body: req.body === undefined ? 'none' : req.body });
  });
  a.use(errorMiddleware({ logger: { error: jest.fn(), warn: jest.fn() } }));
  return a;
}

const send = (body: string | Buffer, headers: Record<string, string> = {}) => {
  // superagent would serialize a Buffer sent as application/json.
  const r = request(app()).post('/echo').set('content-type', typeof body === 'string' ? 'application/json' : 'application/octet-stream');
  for (const [k, v] of Object.entries(headers)) r.set(k, v);
  return r.send(body);
};

describe('jsonBody', () => {
  it('parses JSON whatever the content-type says, once', async () => {
    const res = await request(app()).post('/echo').set('content-type', 'text/plain').send('{"a":[1,{"b":"x"}]}');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ body: { a: [1, { b: 'x' }] } });
  });

  it('leaves a request without a body alone and reads an empty body as {}', async () => {
    expect((await request(app()).post('/echo')).body).toEqual({ body: {} });
    expect((await request(app()).get('/echo')).status).toBe(404);
  });

  it('answers 400 for malformed JSON and for JSON that is not an object or array', async () => {
    for (const text of ['{"a":', '"just a string"', '12']) {
      const res = await send(text);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', message: 'request body is not valid JSON' });
    }
  });

  it('answers 400 for nesting deeper than maxDepth', async () => {
    const ok = await send('[[[[1]]]]');
    expect(ok.status).toBe(200);
    const deep = await send('[[[[[1]]]]]');
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({ code: 'invalid_request', message: 'request body nests deeper than 4 levels (server.json_max_depth)' });
  });

  it('answers 413 past the limit, declared or streamed, compressed or not', async () => {
    const big = JSON.stringify({ s: 'x'.repeat(2000) });
    const declared = await send(big);
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatchObject({ code: 'payload_too_large', message: 'request body is larger than the limit of 1000 bytes' });
    const zipped = await send(gzipSync(big), { 'content-encoding': 'gzip' });
    expect(zipped.status).toBe(413);
    const small = await send(gzipSync('{"a":1}'), { 'content-encoding': 'gzip' });
    expect(small.body).toEqual({ body: { a: 1 } });
  });

  it('refuses encodings and charsets it cannot read', async () => {
    expect((await send('{}', { 'content-encoding': 'zstd' })).body.error.message).toBe('request body encoding is not supported');
    const latin = await request(app()).post('/echo').set('content-type', 'application/json; charset=latin1').send('{}');
    expect(latin.status).toBe(400);
  });
});
