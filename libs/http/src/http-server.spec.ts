import { createServer, IncomingMessage, type RequestListener } from 'node:http';
import { connect, type Socket } from 'node:net';
import express from 'express';
import { listen, type HttpServer, type ServerLimits } from './http-server';
import { StartupError } from './lifecycle';

const LIMITS: ServerLimits = { headers_timeout: 60_000, request_timeout: 300_000, keep_alive_timeout: 65_000, max_connections: 0 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw connection that records what the server sent and when it closed. */
async function rawConnection(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.on('data', (d: Buffer) => (data += d.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise((r) => socket.once('connect', r));
  return { socket, received: () => data, closed };
}

/** Resolves to 'in time' when `p` settles within ms, else 'too late'. */
const within = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => 'in time'), sleep(ms).then(() => 'too late')]);

describe('listen', () => {
  const servers: HttpServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close(0);
  });
  async function start(app: RequestListener, limits: Partial<ServerLimits> = {}): Promise<HttpServer> {
    const server = await listen(app, { host: '127.0.0.1', port: 0, portKey: 'server.port', limits: { ...LIMITS, ...limits } });
    servers.push(server);
    return server;
  }
  const readBodyThenAnswer: RequestListener = (req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.end('got it'));
  };

  it('answers 408 and closes a connection that trickles its body past request_timeout', async () => {
    const server = await start(readBodyThenAnswer, { headers_timeout: 400, request_timeout: 400 });
    const c = await rawConnection(server.port);
    c.socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n');
    const trickle = setInterval(() => c.socket.writable && c.socket.write('{'), 100);
    try {
      expect(await within(c.closed, 5000)).toBe('in time');
    } finally {
      clearInterval(trickle);
    }
    expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('does not cut an answer that streams longer than request_timeout', async () => {
    const server = await start(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        let n = 0;
        const timer = setInterval(() => {
          res.write(`data: ${n}\n\n`);
          if (++n === 8) {
            clearInterval(timer);
            res.end('data: [DONE]\n\n');
          }
        }, 200);
      },
      { headers_timeout: 300, request_timeout: 300 },
    );
    const started = Date.now();
    const text = await (await fetch(`http://127.0.0.1:${server.port}/stream`)).text();
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(text).toContain('data: 7\n\n');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('refuses connections beyond max_connections', async () => {
    const server = await start((_req, res) => res.end('ok'), { max_connections: 1 });
    const first = await rawConnection(server.port);
    const second = await rawConnection(server.port);
    second.socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(await within(second.closed, 3000)).toBe('in time');
    expect(second.received()).toBe('');
    first.socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
    await sleep(100);
    expect(first.received()).toMatch(/^HTTP\/1\.1 200/);
    first.socket.destroy();
  });

  it("builds an Express app's req and res on its own prototypes, before Express sees them", async () => {
    const app = express();
    app.get('/x', (req, res) => res.json({ path: req.path, app: req.app === app }));
    const server = await start(app);
    const seen: boolean[] = [];
    server.server.prependListener('request', (req: object, res: object) => {
      seen.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response);
    });
    const answer = await fetch(`http://127.0.0.1:${server.port}/x`);
    expect(await answer.json()).toEqual({ path: '/x', app: true });
    expect(seen).toEqual([true, true]);
  });

  it("keeps node:http's own classes for a listener that is not an Express app", async () => {
    const server = await start((req, res) => res.end(String(Object.getPrototypeOf(req) === IncomingMessage.prototype)));
    expect(await (await fetch(`http://127.0.0.1:${server.port}/`)).text()).toBe('true');
  });

  it('names the port and its config key when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const attempt = listen((_req, res) => res.end(), { host: '127.0.0.1', port, portKey: 'server.admin_port', limits: LIMITS });
      await expect(attempt).rejects.toThrow(StartupError);
      await expect(attempt).rejects.toThrow(`port ${port} (server.admin_port) is in use`);
    } finally {
      taken.close();
    }
  });

  describe('close', () => {
    it('closes silent and idle keep-alive connections at once, lets a request in flight finish, then closes its connection', async () => {
      const server = await start((req, res) => {
        if (req.url === '/slow') setTimeout(() => res.end('slow answer'), 600);
        else res.end('ok');
      });
      const silent = await rawConnection(server.port);
      const idle = await rawConnection(server.port);
      idle.socket.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
      await sleep(100);
      const busy = await rawConnection(server.port);
      busy.socket.write('GET /slow HTTP/1.1\r\nhost: x\r\n\r\n');
      await sleep(100);

      const closing = server.close(60_000);
      expect(await within(Promise.all([silent.closed, idle.closed]), 300)).toBe('in time');
      expect(await within(Promise.all([closing, busy.closed]), 3000)).toBe('in time');
      expect(busy.received()).toMatch(/^HTTP\/1\.1 200[\s\S]*connection: close[\s\S]*slow answer$/i);
      servers.length = 0;
    });

    it('cuts a request still open after the grace period', async () => {
      const server = await start((_req, res) => {
        res.writeHead(200);
        res.write('started');
      });
      const hanging = await fetch(`http://127.0.0.1:${server.port}/hang`);
      const body = hanging.text().then(
        () => 'ended',
        () => 'cut',
      );
      await server.close(200);
      expect(await body).toBe('cut');
      servers.length = 0;
    });
  });
});
