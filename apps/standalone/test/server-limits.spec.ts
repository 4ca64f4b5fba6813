import { connect } from 'node:net';
import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { startTestGateway, type TestGateway } from './harness';

/** server.request_timeout and friends reach the gateway's own HTTP server. */
describe('server limits from config', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startTestGateway({ server: { request_timeout: '1s', headers_timeout: '1s' } });
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['k1'], models: [{ id: 'gpt-4o-mini', prompt: 1, completion: 1 }] });
    token = (await gw.addToken()).key;
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  it('closes the connection of a client that trickles its body past server.request_timeout', async () => {
    const socket = connect(gw.port, '127.0.0.1');
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString()));
    const closed = new Promise<string>((resolve) => socket.once('close', () => resolve('closed')));
    await new Promise((r) => socket.once('connect', r));
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n`);
    const trickle = setInterval(() => socket.writable && socket.write(' '), 200);
    try {
      const outcome = await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r('still open'), 6000))]);
      expect(outcome).toBe('closed');
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(fake.requests).toHaveLength(0);
  });

  it('does not cut a streamed answer that lasts longer than server.request_timeout', async () => {
    fake.enqueue({ kind: 'openai-sse', intervalMs: 500 });
    const started = Date.now();
    const res = await gw.raw('/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'up/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await res.text();
    expect(Date.now() - started).toBeGreaterThan(1500);
    expect(res.status).toBe(200);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const row = (await gw.logs()).at(-1)!;
    expect(row.status_code).toBe(200);
  });
});
