import OpenAI from 'openai';
import { FAKE_REPLY_TEXT, startFakeUpstream, type FakeUpstream, testRedisUrl } from '@aigw/test-support';
import { Cluster, type Member } from './cluster';
import { ClusterClient, waitFor } from './cluster-client';

jest.setTimeout(120_000);

/**
 * Issue 12, POST /v1/responses across processes: each proxy keeps the responses it makes through
 * its own store connection before the answer ends, so a follow-up sent at once to the other proxy
 * finds it; a pass-through follow-up uses the key that made the response on either proxy.
 */
describe('responses kept across two proxies', () => {
  let fake: FakeUpstream;
  let cluster: Cluster;
  let proxies: Member[];
  let admin: Member;
  let key: string;

  const adminCall = (method: string, path: string, body?: unknown) => new ClusterClient(cluster, admin).adminCall(method, path, body);
  const client = (proxy: Member) => new OpenAI({ apiKey: key, baseURL: `${proxy.url}/v1`, maxRetries: 0, timeout: 10_000 });

  beforeAll(async () => {
    fake = await startFakeUpstream();
    cluster = new Cluster({ redisUrl: testRedisUrl() });
    admin = await cluster.start('admin');
    proxies = [await cluster.start('proxy'), await cluster.start('proxy')];
    await cluster.start('log-writer');
    await adminCall('POST', '/providers', { name: 'chat', api_type: 'openai', base_url: `${fake.url}/v1`, keys: ['sk-dist-chat-0001'] });
    await adminCall('POST', '/providers', { name: 'up', api_type: 'openai', base_url: `${fake.url}/v1`, responses_api: true, key_strategy: 'round_robin', keys: ['sk-dist-up-aaaa', 'sk-dist-up-bbbb'] });
    for (const [provider, model] of [
      ['chat', 'gpt-4o-mini'],
      ['up', 'gpt-4o'],
    ]) {
      await adminCall('POST', `/providers/${provider}/models`, { ids: [model] });
      await adminCall('PUT', '/prices', { provider, model, prompt_per_million: 1, completion_per_million: 2 });
    }
    key = (await adminCall('POST', '/tokens', { name: 'responses', max_amount: null })).key as string;
    const ready = (p: Member) =>
      client(p)
        .responses.create({ model: 'up/gpt-4o', input: 'ping' })
        .then(
          () => 200,
          (e: { status?: number }) => e.status ?? 0,
        );
    await Promise.all(proxies.map((p) => waitFor('providers and token on proxy', () => ready(p), (s) => s === 200, 10_000)));
  });

  afterAll(async () => {
    await cluster?.stop();
    await fake?.close();
  });

  it('a converted response made on one proxy is continued at once on the other', async () => {
    const first = await client(proxies[0]!).responses.create({ model: 'chat/gpt-4o-mini', input: 'My name is Ada.' });
    fake.reset();
    const second = await client(proxies[1]!).responses.create({ model: 'chat/gpt-4o-mini', input: 'What is my name?', previous_response_id: first.id });
    expect(second.output_text).toBe(FAKE_REPLY_TEXT);
    const sent = JSON.stringify(fake.requests[0]!.body);
    expect(sent).toContain('My name is Ada.');
    expect(sent).toContain(FAKE_REPLY_TEXT);
  });

  it('a streamed converted response is kept before its stream ends', async () => {
    const stream = client(proxies[1]!).responses.stream({ model: 'chat/gpt-4o-mini', input: 'Remember 42.' });
    const first = await stream.finalResponse();
    fake.reset();
    await client(proxies[0]!).responses.create({ model: 'chat/gpt-4o-mini', input: 'Which number?', previous_response_id: first.id });
    expect(JSON.stringify(fake.requests[0]!.body)).toContain('Remember 42.');
  });

  it('a pass-through follow-up goes to the key that made the response, from either proxy', async () => {
    fake.reset();
    const first = await client(proxies[0]!).responses.create({ model: 'up/gpt-4o', input: 'one' });
    const madeWith = fake.requests[0]!.apiKey;
    for (const proxy of [proxies[1]!, proxies[0]!, proxies[1]!]) {
      await client(proxy).responses.create({ model: 'up/gpt-4o', input: 'more', previous_response_id: first.id });
    }
    expect(fake.requests.map((r) => r.apiKey)).toEqual([madeWith, madeWith, madeWith, madeWith]);
  });
});
