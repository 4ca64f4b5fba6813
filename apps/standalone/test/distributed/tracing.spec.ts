import OpenAI from 'openai';
import { createStore } from '@aigw/store';
import { type FakeUpstream, startFakeUpstream, testRedisUrl } from '@aigw/test-support';
import { completion } from '../harness';
import { SPAN_KIND, startOtlpReceiver, TRACED_CHAT_ATTRIBUTES, type OtlpReceiver, type ReceivedSpan } from '../otlp-receiver';
import { Cluster, type Member } from './cluster';

jest.setTimeout(120_000);

/**
 * Issue 5, traces: the distributed services export over OTLP to a stand-in collector that keeps
 * the spans in memory. One chat request through a proxy must yield one trace holding the proxy's
 * server and chat spans, the upstream call, BullMQ's producer span, BullMQ's consumer span in the
 * log-writer and the log-writer's own work, each from the service that did it.
 */
describe('one trace across proxy, queue and log-writer', () => {
  let receiver: OtlpReceiver;
  let fake: FakeUpstream;
  let cluster: Cluster;
  let admin: Member;
  let proxy: Member;

  async function adminCall(path: string, body: unknown, method = 'POST'): Promise<Record<string, unknown>> {
    const res = await fetch(`${admin.url}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${cluster.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  beforeAll(async () => {
    const redis = testRedisUrl();
    receiver = await startOtlpReceiver();
    fake = await startFakeUpstream({ models: ['gpt-4o-mini'] });
    // The database index TEST_REDIS_URL names; the fresh schema's deployment id keeps these keys,
    // jobs and notices apart from every other test's.
    cluster = new Cluster({
      redisUrl: redis,
      env: { AIGW_TELEMETRY_OTLP_ENDPOINT: receiver.url },
    });
    admin = await cluster.start('admin');
    proxy = await cluster.start('proxy');
    await cluster.start('log-writer');
  });
  afterAll(async () => {
    await cluster?.stop();
    await fake?.close();
    await receiver?.close();
  });

  it('links the chat request to the queue and the log-writer', async () => {
    await adminCall('/providers', { name: 'up', api_type: 'openai', base_url: `${fake.url}/v1`, keys: ['sk-up-1'] });
    await adminCall('/providers/up/models', { ids: ['gpt-4o-mini'] });
    await adminCall('/prices', { provider: 'up', model: 'gpt-4o-mini', prompt_per_million: 1000, completion_per_million: 1000 }, 'PUT');
    const token = await adminCall('/tokens', { name: 'traced' });
    fake.enqueue({ kind: 'openai-json', body: { ...completion(11, 7), model: 'gpt-4o-mini-2024-07-18' } });
    const client = new OpenAI({ apiKey: token.key as string, baseURL: `${proxy.url}/v1`, maxRetries: 0, timeout: 10_000 });
    let answer: OpenAI.ChatCompletion | undefined;
    const deadline = Date.now() + 5000;
    while (!answer) {
      try {
        answer = await client.chat.completions.create({ model: 'up/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      } catch (err) {
        // The proxy learns of the new token and provider through Redis pub/sub.
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(answer.choices[0]!.message.content).toBe('ok');

    // Once the row is written, stop every service: each exports the spans it holds as it exits.
    const store = await createStore({ url: cluster.databaseUrl, schema: cluster.schema, secret: 'distributed-test-secret', timezone: 'Asia/Shanghai' });
    try {
      const rowDeadline = Date.now() + 20_000;
      while ((await store.requestLogs.list({ limit: 10 })).length === 0 && Date.now() < rowDeadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await store.close();
    }
    await cluster.stop();

    const spans = receiver.spans;
    const list = (): string => spans.map((s) => `${s.service} ${s.name} [${s.scope}] ${s.traceId}/${s.spanId}<-${s.parentSpanId}`).join('\n');
    const chat = spans.filter((s) => s.name === 'chat gpt-4o-mini');
    expect({ chat: chat.length, spans: list() }).toEqual({ chat: 1, spans: list() });
    const chatSpan = chat[0]!;
    expect(chatSpan.service).toBe('aigw-proxy');
    expect(chatSpan.attributes).toMatchObject(TRACED_CHAT_ATTRIBUTES);
    const inTrace = spans.filter((s) => s.traceId === chatSpan.traceId);
    const byId = new Map(inTrace.map((s) => [s.spanId, s]));
    const find = (what: string, test: (s: ReceivedSpan) => boolean): ReceivedSpan => {
      const found = inTrace.find(test);
      if (!found) throw new Error(`no ${what} span in the chat's trace; spans:\n${list()}`);
      return found;
    };

    const server = find('proxy HTTP server', (s) => s.service === 'aigw-proxy' && s.kind === SPAN_KIND.server && s.parentSpanId === '');
    expect(server.attributes['http.route']).toBe('/v1/chat/completions');
    const upstream = find('upstream call', (s) => s.scope.includes('instrumentation-undici') && String(s.attributes['url.full']).startsWith(fake.url));
    expect(upstream.parentSpanId).toBe(chatSpan.spanId);

    // The queue hop: BullMQ's producer span in the proxy, its consumer span in the log-writer.
    const produce = find('BullMQ producer', (s) => s.service === 'aigw-proxy' && s.kind === SPAN_KIND.producer);
    // queue.events_per_job defaults to 50: the proxy's events go as usage-batch jobs.
    expect(produce.name).toBe('add usage-events.usage-batch');
    expect(produce.parentSpanId).toBe(server.spanId);
    const consume = find('BullMQ consumer', (s) => s.service === 'aigw-log-writer' && s.name === 'process usage-events');
    expect(consume.kind).toBe(SPAN_KIND.consumer);
    expect(consume.parentSpanId).toBe(produce.spanId);

    // The log-writer's write of the event, under BullMQ's consumer span, with its queries below it.
    const record = find('log-writer record', (s) => s.service === 'aigw-log-writer' && s.name === 'usage-events process');
    expect(record.attributes['aigw.request_id']).toBe(chatSpan.attributes['aigw.request_id']);
    expect(record.parentSpanId).toBe(consume.spanId);
    const query = find('log-writer query', (s) => s.service === 'aigw-log-writer' && s.scope.includes('instrumentation-pg'));
    let up = byId.get(query.parentSpanId);
    while (up && up !== record) up = byId.get(up.parentSpanId);
    expect(up).toBe(record);
  });
});
