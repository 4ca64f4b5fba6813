import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as undici from 'undici';
import { Agent, getGlobalDispatcher, undiciIndex } from './undici-core';

describe('undici core', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((req, res) => res.end(`${req.method} ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is what undici exports: its Agent, its global dispatcher and its index', () => {
    expect(Agent).toBe(undici.Agent);
    expect(getGlobalDispatcher).toBe(undici.getGlobalDispatcher);
    expect(undiciIndex().request).toBe(undici.request);
  });

  it('wires the request API onto its agents itself, without undici\'s index', async () => {
    let Isolated: typeof undici.Agent | undefined;
    // A module registry of its own: undici's modules load afresh there, and its index is not among them.
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Isolated = (require('./undici-core') as { Agent: typeof undici.Agent }).Agent;
    });
    expect(Isolated).toBeDefined();
    expect(Isolated).not.toBe(undici.Agent);
    const agent = new Isolated!();
    try {
      expect(typeof agent.request).toBe('function');
      const res = await agent.request({ origin, path: '/isolated', method: 'GET' });
      expect(await res.body.text()).toBe('GET /isolated');
    } finally {
      await agent.close();
    }
  });

  it('gives its agents the request method of undici dispatchers', async () => {
    const agent = new Agent();
    try {
      expect(agent.request).toBe(undici.Dispatcher.prototype.request);
      const res = await agent.request({ origin, path: '/probe', method: 'POST', body: 'x' });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe('POST /probe');
    } finally {
      await agent.close();
    }
  });
});
