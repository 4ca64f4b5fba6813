import OpenAI from 'openai';
import type { Cluster, Member } from './cluster';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** TEST_REDIS_URL (its database index and credentials kept) pointed at a relay on this host. */
export function throughRelay(base: URL, port: number): string {
  const u = new URL(base.toString());
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

export async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

/** Admin calls and chats against one cluster. */
export class ClusterClient {
  constructor(
    private readonly cluster: Cluster,
    private readonly admin: Member,
  ) {}

  async adminCall(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.admin.url}/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${this.cluster.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  async setUp(upstreamUrl: string): Promise<void> {
    await this.adminCall('POST', '/providers', { name: 'fake', api_type: 'openai', base_url: `${upstreamUrl}/v1`, keys: ['sk-dist-key-00001'] });
    await this.adminCall('POST', '/providers/fake/models', { ids: ['gpt-4o-mini'] });
    await this.adminCall('PUT', '/prices', { provider: 'fake', model: 'gpt-4o-mini', prompt_per_million: 1000, completion_per_million: 1000 });
  }

  async newToken(maxAmount: number | null): Promise<{ id: number; key: string }> {
    const t = await this.adminCall('POST', '/tokens', { name: `t${Date.now()}${Math.random()}`, max_amount: maxAmount });
    return { id: t.id as number, key: t.key as string };
  }

  /** The HTTP status of one chat call (the SDK does not retry). */
  async chat(proxy: Member, key: string): Promise<number> {
    const client = new OpenAI({ apiKey: key, baseURL: `${proxy.url}/v1`, maxRetries: 0 });
    try {
      await client.chat.completions.create({ model: 'fake/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] });
      return 200;
    } catch (err) {
      return (err as { status?: number }).status ?? 0;
    }
  }
}
