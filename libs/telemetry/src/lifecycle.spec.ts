import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from './lifecycle';

describe('closeServer', () => {
  it('closes idle keep-alive connections at once and cuts a request still open after the grace period', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/hang') {
        res.writeHead(200);
        res.write('started');
        return;
      }
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await (await fetch(`${base}/`)).text()).toBe('ok');
    const hanging = await fetch(`${base}/hang`);
    const body = hanging.text().then(
      () => 'ended',
      () => 'cut',
    );
    const started = Date.now();
    await closeServer(server, 200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(await body).toBe('cut');
  });
});
