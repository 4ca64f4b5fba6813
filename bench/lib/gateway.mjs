// The gateway under test: standalone (SQLite) and distributed (admin-api + proxy + log-writer on
// PostgreSQL and Redis), started from the built dist and set up over the admin API.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { dropSchema } from './pg.mjs';
import { benchPrefix, dropKeys } from './redis-keys.mjs';
import { sleep, startNode } from './procs.mjs';
import { CHAT_BODY } from './load.mjs';

export const ROOT = new URL('../..', import.meta.url).pathname;
const dist = (app) => join(ROOT, 'apps', app, 'dist', 'main.js');
export const MODEL = 'bench/gpt-4o-mini';

async function call(base, token, method, path, body) {
  const res = await fetch(`${base}/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`admin ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * Provider, model, price and a client token with a budget (so each request holds and settles it, as
 * issue 14's targets ask); returns the client token's key.
 */
export async function setUp(adminBase, adminToken, fakePort) {
  const c = (m, p, b) => call(adminBase, adminToken, m, p, b);
  await c('POST', '/providers', { name: 'bench', api_type: 'openai', base_url: `http://127.0.0.1:${fakePort}/v1`, keys: ['sk-bench'] });
  await c('POST', '/providers/bench/models', { ids: ['gpt-4o-mini'] });
  await c('PUT', '/prices', { provider: 'bench', model: 'gpt-4o-mini', prompt_per_million: 1, completion_per_million: 2 });
  const token = await c('POST', '/tokens', { name: 'bench', max_amount: 1_000_000 });
  return token.key;
}

/** Polls until a chat request through the proxy answers 200 (the proxy learns the setup asynchronously). */
export async function waitServing(url, key, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...CHAT_BODY, model: MODEL }),
    }).catch((err) => ({ ok: false, status: 0, text: async () => String(err) }));
    if (res.ok) return;
    last = `${res.status} ${(await res.text()).slice(0, 200)}`;
    await sleep(200);
  }
  throw new Error(`the gateway did not serve ${MODEL} within ${timeoutMs} ms (last answer: ${last})`);
}

const baseEnv = { AIGW_SERVER_HOST: '127.0.0.1', AIGW_SERVER_PORT: '0', AIGW_LOGGING_LEVEL: 'warn' };

/** Standalone gateway on SQLite in `tmp`; resolves with { proc, url, key }. */
export async function startStandalone(tmp, fakePort, nodeArgs = []) {
  const env = { ...baseEnv, AIGW_DATABASE_URL: `sqlite://${join(tmp, 'aigw.db')}` };
  const proc = await startNode('standalone', dist('standalone'), [], { env, cwd: tmp, nodeArgs, ready: /listening on (http:\S+)[\s\S]*?^(admin-\S+)$/m });
  const [, base, adminToken] = proc.match;
  try {
    const key = await setUp(base, adminToken, fakePort);
    const url = `${base}/v1/chat/completions`;
    await waitServing(url, key);
    return { proc, url, base, key };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

export function distributedAvailable() {
  if (!process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL) return 'TEST_DATABASE_URL and TEST_REDIS_URL not set';
  if (!existsSync(dist('log-writer'))) return 'apps/log-writer/dist/main.js not built';
  return null;
}

/** TEST_REDIS_URL as given: the bench's keys live under a prefix of their own in that database. */
export function benchRedisUrl() {
  return process.env.TEST_REDIS_URL;
}

/** Stops what startDistributed started (also after it failed half-way), drops its schema and its Redis keys. */
export async function stopDistributed(state, redis) {
  for (const p of [...(state.procs ?? [])].reverse()) await p.stop();
  if (state.schema) await dropSchema(process.env.TEST_DATABASE_URL, state.schema);
  if (state.prefix) await dropKeys(redis, state.prefix);
}

/**
 * Distributed mode; fills `state` as it goes ({ procs, schema }) so the caller can clean up after a
 * failure too, and resolves with { proxy, url, key }.
 */
export async function startDistributed(tmp, fakePort, redis, state, proxyNodeArgs = []) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const redisUrl = benchRedisUrl();
  const procs = [];
  const prefix = benchPrefix();
  Object.assign(state, { procs, schema, prefix });
  const env = {
    ...baseEnv,
    AIGW_SERVER_ADMIN_PORT: '0',
    AIGW_SERVER_LOG_WRITER_PORT: '0',
    AIGW_DATABASE_URL: process.env.TEST_DATABASE_URL,
    AIGW_DATABASE_SCHEMA: schema,
    AIGW_QUEUE_REDIS_URL: redisUrl,
    AIGW_QUEUE_PREFIX: prefix,
    AIGW_SECURITY_SECRET: 'bench',
  };
  const admin = await startNode('admin-api', dist('admin-api'), [], { env, cwd: tmp, ready: /listening on port (\d+)[\s\S]*?^(admin-\S+)$/m });
  procs.push(admin);
  const proxy = await startNode('proxy', dist('proxy'), [], { env, cwd: tmp, nodeArgs: proxyNodeArgs, ready: /listening on port (\d+)/ });
  procs.push(proxy);
  procs.push(await startNode('log-writer', dist('log-writer'), [], { env, cwd: tmp, ready: /log-writer started/ }));
  const key = await setUp(`http://127.0.0.1:${admin.match[1]}`, admin.match[2], fakePort);
  const url = `http://127.0.0.1:${proxy.match[1]}/v1/chat/completions`;
  await waitServing(url, key);
  return { proxy, logWriter: procs.find((p) => p.name === 'log-writer'), url, key };
}
