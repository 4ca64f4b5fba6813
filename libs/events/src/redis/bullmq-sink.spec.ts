import { randomBytes } from 'node:crypto';
import { createServer, Socket, type Server } from 'node:net';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { UsageEvent } from '../usage-event';
import { BullMqEventSink } from './bullmq-sink';
import { USAGE_QUEUE } from './queue-names.constant';

function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('set TEST_REDIS_URL=redis://127.0.0.1:6379 (a Redis 6.2+ server) to run these tests');
  return url;
}

interface Line {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}

function recordingLogger(): { lines: Line[]; logger: Record<'error' | 'warn' | 'info', (obj: object, msg?: string) => void> } {
  const lines: Line[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, logger: { error: at('error'), warn: at('warn'), info: at('info') } };
}

let counter = 0;
function usageEvent(requestId = `req-${++counter}`): UsageEvent {
  return {
    v: 2,
    request_id: requestId,
    client_request_id: null,
    ts: Date.now(),
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    token_id: null,
    token_name: null,
    token_hint: null,
    model: 'gpt-4o',
    upstream_model: 'gpt-4o',
    provider: 'openai',
    api_key: null,
    status_code: 200,
    response_time_ms: 10,
    ttfb_ms: 5,
    attempts: 1,
    usage: null,
    usage_source: null,
    price: null,
    error_message: null,
    upstream_status: null,
    upstream_error: null,
    trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  };
}

/** A TCP relay in front of the real Redis that can be taken down and brought back on its port. */
class RedisRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(this.target.port || 6379), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => (s === client ? upstream : client).destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** The test Redis URL (its database index and credentials kept) pointed at the relay. */
function throughRelay(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('BullMqEventSink', () => {
  const url = testRedisUrl();
  let prefix: string;
  let queue: Queue;
  let admin: Redis;

  beforeEach(() => {
    prefix = `t-sink-${randomBytes(5).toString('hex')}`;
    admin = new Redis(url, { maxRetriesPerRequest: null });
    queue = new Queue(USAGE_QUEUE, { connection: admin, prefix });
  });

  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await admin.quit();
  });

  it('adds one job per request id, with the event as data', async () => {
    const { logger } = recordingLogger();
    const sink = new BullMqEventSink({ redisUrl: url, logger, prefix });
    await sink.flush(); // no-op while idle
    await sleep(50); // connected
    const first = usageEvent('req-same');
    sink.emit(first);
    sink.emit({ ...first, status_code: 500 });
    sink.emit(usageEvent('req-other'));
    await sink.flush();
    await sink.close();
    const jobs = await queue.getWaiting();
    expect(jobs.map((j) => j.id).sort()).toEqual(['req-other', 'req-same']);
    const job = jobs.find((j) => j.id === 'req-same')!;
    expect(job.data).toEqual(first);
    expect(job.opts).toMatchObject({ attempts: 8, backoff: { type: 'exponential', delay: 1000 } });
  });

  it('with eventsPerJob, the events go as usage-batch jobs, in emit order', async () => {
    const { logger } = recordingLogger();
    const sink = new BullMqEventSink({ redisUrl: url, logger, prefix, eventsPerJob: 100 });
    await sleep(50); // connected
    const sent = Array.from({ length: 250 }, () => usageEvent());
    for (const e of sent) sink.emit(e);
    await sink.flush();
    await sink.close();
    const jobs = await queue.getWaiting();
    expect(jobs.map((j) => j.name)).toEqual(['usage-batch', 'usage-batch', 'usage-batch']);
    expect(jobs.flatMap((j) => (j.data as { events: UsageEvent[] }).events)).toEqual(sent);
    expect(jobs[0]!.id).toBe(`batch-${sent[0]!.request_id}`);
    expect(jobs[0]!.opts).toMatchObject({ attempts: 8, backoff: { type: 'exponential', delay: 1000 } });
  });

  it('never throws or blocks when Redis is unreachable, and logs what it could not deliver', async () => {
    const { lines, logger } = recordingLogger();
    const sink = new BullMqEventSink({ redisUrl: `redis://127.0.0.1:${await freePort()}`, logger, prefix, maxBuffered: 500 });
    const started = process.hrtime.bigint();
    for (let i = 0; i < 600; i++) sink.emit(usageEvent());
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(elapsedMs).toBeLessThan(200);
    // Held synchronously: nothing waited for a connection.
    expect(sink.buffered).toBe(500);
    expect(lines.filter((l) => l.msg?.includes('buffer full'))).toHaveLength(100);
    await sink.flush(300);
    expect(sink.buffered).toBe(500);
    await sink.close(100);
    const undelivered = lines.find((l) => l.msg === 'usage events not delivered at shutdown');
    expect((undelivered?.obj.events as UsageEvent[]).length).toBe(500);
    expect(sink.buffered).toBe(0);
  });

  it('holds events through a Redis outage and delivers all of them, in order, once it returns', async () => {
    const { logger } = recordingLogger();
    const relay = new RedisRelay(new URL(url));
    await relay.start();
    const sink = new BullMqEventSink({ redisUrl: throughRelay(url, relay.port), logger, prefix, retryIntervalMs: 100 });
    const sent: string[] = [];
    const emit = () => {
      const event = usageEvent();
      sent.push(event.request_id);
      sink.emit(event);
    };
    await sleep(100);
    for (let i = 0; i < 5; i++) emit();
    await sink.flush();
    expect(await queue.getWaitingCount()).toBe(5);

    await relay.stop();
    for (let i = 0; i < 20; i++) emit(); // some may be in flight as the connection drops
    await sleep(300);
    for (let i = 0; i < 20; i++) emit();
    expect(sink.buffered).toBeGreaterThanOrEqual(20);

    await relay.start();
    await sink.flush(5000);
    expect(sink.buffered).toBe(0);
    const ids = (await queue.getWaiting()).map((j) => j.id);
    expect(ids).toEqual(sent);
    await sink.close();
    await relay.stop();
  });
});
