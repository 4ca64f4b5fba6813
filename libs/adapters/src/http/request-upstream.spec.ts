import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { requestUpstream } from './request-upstream';

describe('requestUpstream', () => {
  let server: Server;
  let origin: string;
  const agent = new Agent();
  const seen: { method?: string; url?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString('utf8')));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await agent.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends to the same path and query as undici request(url), again from its cached target', async () => {
    const url = `${origin}/v1/chat/completions?key=a%2Fb&x=1`;
    for (let i = 0; i < 2; i++) {
      const res = await requestUpstream(agent, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe('ok');
    }
    const direct = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}', dispatcher: agent });
    await direct.body.text();
    expect(seen.slice(-3)).toEqual([0, 1, 2].map(() => ({ method: 'POST', url: '/v1/chat/completions?key=a%2Fb&x=1', body: '{"n":1}' })));
  });

  it('refuses a URL undici refuses, with undici\'s own error', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/x']) {
      const direct = await Promise.resolve()
        .then(() => request(url, { method: 'POST', dispatcher: agent }))
        .then(
          () => null,
          (err: Error) => err,
        );
      const ours = await Promise.resolve()
        .then(() => requestUpstream(agent, url, { method: 'POST' }))
        .then(
          () => null,
          (err: Error) => err,
        );
      expect(direct).not.toBeNull();
      expect(ours?.constructor).toBe(direct?.constructor);
      expect(ours?.message).toBe(direct?.message);
    }
  });
});
