import request from 'supertest';
import type { Express } from 'express';
import { LocalTime, parseConfig } from '@aigw/config';
import { InProcessChangeBus } from '@aigw/events';
import { createStore, type Dialect, type RequestLogInput, type Store } from '@aigw/store';
import { createLogger } from '@aigw/telemetry';
import { dropSchema, testPostgresUrl, uniqueSchema } from '@aigw/test-support';
import { createAdminApp, mintAdminToken } from '../src';

const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;
const local = new LocalTime(TZ);
let counter = 0;

function row(agoMs: number, over: Partial<RequestLogInput> = {}): RequestLogInput {
  counter += 1;
  return {
    request_id: `stats-${counter}`,
    ts: new Date(Date.now() - agoMs),
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    client_request_id: null,
    token_id: null,
    token_name: null,
    // which token the row is for; the ids are filled in when the rows are recorded
    token_hint: 'sk-stats-a',
    model: 'gpt-4o',
    upstream_model: 'gpt-4o',
    provider: 'up',
    api_key: null,
    status_code: 200,
    response_time_ms: 100,
    ttfb_ms: 50,
    attempts: 1,
    prompt_tokens: 10,
    completion_tokens: 20,
    total_tokens: 30,
    cached_tokens: 0,
    reasoning_tokens: 0,
    usage_source: 'upstream',
    amount_spent: '0.0100000000',
    currency: 'USD',
    error_message: null,
    upstream_status: null,
    upstream_error: null,
    clamped_from: null,
    ...over,
  };
}

const hourOf = (agoMs: number) => `${local.format(Date.now() - agoMs).slice(0, 13)}:00:00`;
const dayOf = (agoMs: number) => `${local.format(Date.now() - agoMs).slice(0, 10)} 00:00:00`;

describe.each<Dialect>(['sqlite', 'pg'])('GET /admin/stats on %s', (dialect) => {
  let store: Store;
  let app: Express;
  let token: string;
  let schema: string | undefined;
  const get = (path: string) => request(app).get(path).set('authorization', `Bearer ${token}`);

  beforeAll(async () => {
    if (dialect === 'pg') schema = uniqueSchema('t_admin_stats');
    const url = dialect === 'pg' ? testPostgresUrl() : 'sqlite::memory:';
    store = await createStore({ url, schema, poolMax: 4, secret: 'test-secret', timezone: TZ });
    const bus = new InProcessChangeBus();
    const config = parseConfig({ logging: { level: 'silent', timezone: TZ } });
    app = createAdminApp({ config, store, bus, logger: createLogger({ level: 'silent', timezone: TZ }) });
    token = await mintAdminToken(store, bus);
    const a = await store.tokens.create({ key: 'sk-stats-a', name: 'alpha' });
    const b = await store.tokens.create({ key: 'sk-stats-b', name: 'beta' });
    const rows = [
      row(10 * 60_000, { amount_spent: '0.0300000000' }),
      row(2 * HOUR, { token_hint: 'sk-stats-b', upstream_model: 'glm-4.6', provider: 'glm', amount_spent: '0.5000000000', total_tokens: 100 }),
      row(4 * HOUR, { status_code: 429, upstream_status: 429, amount_spent: null, total_tokens: null, error_message: 'upstream up said 429' }),
      row(4 * HOUR + 60_000, { status_code: 502, provider: 'up', amount_spent: null, total_tokens: null, error_message: 'connection refused' }),
      row(8 * HOUR, { status_code: 402, amount_spent: null, total_tokens: null, provider: null, upstream_model: null }),
      row(8 * HOUR, { token_hint: 'admin_token', amount_spent: '2.0000000000' }),
      row(8 * HOUR, { token_hint: 'sk-deleted', amount_spent: '9.0000000000', upstream_model: 'o3', provider: 'up' }),
      row(30 * HOUR, { token_hint: 'sk-stats-b', amount_spent: '1.0000000000', total_tokens: 7 }),
      row(8 * 24 * HOUR, { amount_spent: '100.0000000000', status_code: 500, upstream_status: 500 }),
    ];
    const idOf = (hint: string | null) => (hint === 'sk-stats-a' ? a.id : hint === 'sk-stats-b' ? b.id : hint === 'sk-deleted' ? b.id + 1000 : null);
    await store.requestLogs.record(
      rows.map((log) => ({ log: { ...log, token_id: idOf(log.token_hint) }, token_id: log.token_hint === 'sk-deleted' ? null : idOf(log.token_hint) })),
    );
  });
  afterAll(async () => {
    await store?.close();
    if (schema) await dropSchema(testPostgresUrl(), schema);
  });

  it('gives 24 hourly buckets with requests, errors, spend and tokens, and totals over them', async () => {
    const res = await get('/admin/stats?range=24h');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ range: '24h', unit: 'hour', timezone: TZ, currency: 'USD' });
    expect(res.body.buckets).toHaveLength(24);
    expect(res.body.buckets[23].start).toBe(hourOf(0));
    expect(res.body.from).toBe(res.body.buckets[0].start);
    const at = (ago: number) => res.body.buckets.find((b: { start: string }) => b.start === hourOf(ago));
    expect(at(2 * HOUR)).toMatchObject({ requests: 1, errors: 0, spend: 0.5, tokens: 100 });
    const six = at(8 * HOUR);
    expect(six).toMatchObject({ requests: 3, errors: 1, tokens: 60 });
    expect(six.spend).toBeCloseTo(11, 9);
    expect(res.body.totals).toMatchObject({ requests: 7, errors: 3, tokens: 190 });
    expect(res.body.totals.spend).toBeCloseTo(11.53, 9);
    const sum = res.body.buckets.reduce((n: number, b: { requests: number }) => n + b.requests, 0);
    expect(sum).toBe(7);
  });

  it('gives 7 daily buckets over the last 7 local days', async () => {
    const res = await get('/admin/stats?range=7d');
    expect(res.status).toBe(200);
    expect(res.body.unit).toBe('day');
    expect(res.body.buckets).toHaveLength(7);
    expect(res.body.buckets[6].start).toBe(dayOf(0));
    expect(res.body.totals.requests).toBe(8);
    expect(res.body.totals.spend).toBeCloseTo(12.53, 9);
    const day = res.body.buckets.find((b: { start: string }) => b.start === dayOf(30 * HOUR));
    expect(day.requests).toBeGreaterThanOrEqual(1);
  });

  it('ranks models and client tokens by spend, never showing a token key', async () => {
    const res = await get('/admin/stats');
    expect(res.body.range).toBe('24h');
    expect(res.body.top_models.map((m: { id: string }) => m.id)).toEqual(['up/o3', 'up/gpt-4o', 'glm/glm-4.6']);
    expect(res.body.top_models[1]).toMatchObject({ provider: 'up', model: 'gpt-4o', requests: 4, tokens: 60 });
    expect(res.body.top_models[1].spend).toBeCloseTo(2.03, 9);
    expect(res.body.top_tokens.map((t: { name: string; spend: number }) => [t.name, t.spend])).toEqual([
      ['beta', 0.5],
      ['alpha', 0.03],
    ]);
    expect(res.body.top_tokens[1]).toMatchObject({ requests: 4, tokens: 30 });
    expect(Object.keys(res.body.top_tokens[0]).sort()).toEqual(['id', 'name', 'requests', 'spend', 'tokens']);
    expect(JSON.stringify(res.body)).not.toMatch(/sk-stats-|sk-deleted/);
  });

  it('lists the latest upstream errors, newest first, whatever the range', async () => {
    const res = await get('/admin/stats?range=24h');
    expect(res.body.upstream_errors.map((e: { status_code: number; upstream_status: number | null }) => [e.status_code, e.upstream_status])).toEqual([
      [429, 429],
      [502, null],
      [500, 500],
    ]);
    expect(res.body.upstream_errors[0]).toMatchObject({ provider: 'up', model: 'gpt-4o', error_message: 'upstream up said 429' });
    expect(res.body.upstream_errors[0].ts).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('rejects other ranges and unknown parameters, needs the admin token, and is logged', async () => {
    for (const query of ['range=1y', 'range=24h&x=1']) {
      const res = await get(`/admin/stats?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await request(app).get('/admin/stats')).status).toBe(401);
    await get('/admin/stats?range=7d');
    for (let i = 0; i < 100; i++) {
      const rows = await store.adminLogs.list({ operation: 'stats.get', limit: 50 });
      const found = rows.find((r) => r.path === '/admin/stats?range=7d');
      if (found) {
        expect(found).toMatchObject({ status_code: 200, detail: expect.objectContaining({ range: '7d' }) });
        return;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('no admin_logs row for GET /admin/stats');
  });
});
