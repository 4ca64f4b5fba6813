import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { ClientSignal } from './client-signal';

describe('ClientSignal', () => {
  it('tells its listeners once, with the reason AbortController.abort() gives', () => {
    const signal = new ClientSignal();
    const heard = jest.fn();
    signal.on('abort', heard);
    expect(signal.aborted).toBe(false);
    signal.abort();
    signal.abort();
    expect(heard).toHaveBeenCalledTimes(1);
    expect(signal.aborted).toBe(true);
    const expected = (() => {
      const controller = new AbortController();
      controller.abort();
      return controller.signal.reason as DOMException;
    })();
    expect(signal.reason).toBeInstanceOf(DOMException);
    expect(signal.reason).toMatchObject({ name: expected.name, message: expected.message });
  });

  describe('as an undici request signal', () => {
    let server: Server;
    let url: string;
    const agent = new Agent();
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first');
        // The rest never comes: only an abort ends the read.
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      await agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('aborts the answer being read with its reason, as an AbortSignal would', async () => {
      const signal = new ClientSignal();
      const answer = await request(url, { dispatcher: agent, signal });
      const reading = answer.body.text();
      signal.abort();
      await expect(reading).rejects.toBe(signal.reason);
    });

    it('refuses a request whose client has already gone', async () => {
      const signal = new ClientSignal();
      signal.abort();
      await expect(request(url, { dispatcher: agent, signal })).rejects.toBe(signal.reason);
    });
  });
});
