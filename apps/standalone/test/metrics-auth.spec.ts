import { createServer } from 'node:net';
import { startTestGateway, type TestGateway } from './harness';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Issue 13: who may read /metrics. */
describe('/metrics access', () => {
  describe('standalone with metrics.token', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway({ metrics: { token: 'scrape-secret' } });
    });
    afterAll(() => gw.close());

    it('refuses a scrape without the token, in the OpenAI error shape', async () => {
      const res = await gw.raw('/metrics');
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'missing_token' } });
    });

    it('refuses a wrong token and the admin token', async () => {
      for (const token of ['scrape-secreT', gw.adminToken]) {
        const res = await gw.raw('/metrics', { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ error: { code: 'invalid_token' } });
      }
    });

    it('serves the exposition with the token', async () => {
      const res = await gw.raw('/metrics', { headers: { authorization: 'Bearer scrape-secret' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('# TYPE aigw_requests_total counter');
    });

    it('keeps /healthz and /readyz open', async () => {
      expect((await gw.raw('/healthz')).status).toBe(200);
      expect((await gw.raw('/readyz')).status).toBe(200);
    });
  });

  describe('standalone with a separate metrics.port', () => {
    let gw: TestGateway;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      gw = await startTestGateway({ metrics: { token: 'scrape-secret', port } });
    });
    afterAll(() => gw.close());

    it('serves /metrics there without a token, and nothing else', async () => {
      expect(gw.metricsPort).toBe(port);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('aigw_requests_total');
      const other = await fetch(`http://127.0.0.1:${port}/v1/models`);
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ error: { code: 'not_found' } });
    });

    it('still needs the token on the main port', async () => {
      expect((await gw.raw('/metrics')).status).toBe(401);
    });

    it('a taken metrics.port stops the start naming the key', async () => {
      await expect(startTestGateway({ metrics: { port } })).rejects.toThrow(/metrics\.port/);
    });
  });
});
