import request from 'supertest';
import type { RequestLogInput } from '@aigw/store';
import { startHarness, type Harness } from './harness';

function logRow(i: number, over: Partial<RequestLogInput> = {}): RequestLogInput {
  return {
    request_id: `req-${i}`,
    ts: new Date(Date.UTC(2030, 0, 1, 0, i)),
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    client_request_id: `client-${i}`,
    token_id: 1,
    token_name: 'a',
    token_hint: 'sk-c...nt-a',
    model: 'gpt-4o',
    upstream_model: 'gpt-4o',
    provider: 'up',
    api_key: 'sk-u...0001',
    status_code: 200,
    response_time_ms: 120,
    ttfb_ms: 80,
    attempts: 1,
    prompt_tokens: 10,
    completion_tokens: 5,
    total_tokens: 15,
    cached_tokens: 0,
    reasoning_tokens: 0,
    usage_source: 'upstream',
    amount_spent: '0.0001250000',
    currency: 'USD',
    error_message: null,
    upstream_status: null,
    upstream_error: null,
    clamped_from: null,
    ...over,
  };
}

describe('GET /admin/logs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    // ids 1 and 2, which the rows name
    await h.store.tokens.create({ key: 'sk-client-a', name: 'a' });
    await h.store.tokens.create({ key: 'sk-client-b', name: 'b' });
    const rows = Array.from({ length: 7 }, (_, i) =>
      logRow(i, i % 3 === 2 ? { token_id: 2, token_name: 'b', token_hint: 'sk-c...nt-b', model: 'glm-4.6', provider: 'glm', status_code: 402, amount_spent: null } : {}),
    );
    await h.store.requestLogs.record(rows.map((log) => ({ log, token_id: null })));
  });
  afterEach(async () => h.close());

  it('pages newest first with cursor = last id seen and next_cursor null at the end', async () => {
    const first = await h.get('/admin/logs?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.data.map((r: { request_id: string }) => r.request_id)).toEqual(['req-6', 'req-5', 'req-4']);
    expect(first.body.next_cursor).toBe(first.body.data[2].id);
    expect(first.body.data[0]).toMatchObject({ ts: '2030-01-01 08:06:00', amount_spent: 0.000125, status_code: 200, provider: 'up' });
    const second = await h.get(`/admin/logs?limit=3&cursor=${first.body.next_cursor}`);
    expect(second.body.data.map((r: { request_id: string }) => r.request_id)).toEqual(['req-3', 'req-2', 'req-1']);
    const last = await h.get(`/admin/logs?limit=3&cursor=${second.body.next_cursor}`);
    expect(last.body.data.map((r: { request_id: string }) => r.request_id)).toEqual(['req-0']);
    expect(last.body.next_cursor).toBeNull();
    const exact = await h.get('/admin/logs?limit=7');
    expect(exact.body.data).toHaveLength(7);
    expect(exact.body.next_cursor).toBeNull();
  });

  it('filters by token, model, provider, status and a local-time window', async () => {
    const ids = async (query: string) => (await h.get(`/admin/logs?${query}`)).body.data.map((r: { request_id: string }) => r.request_id);
    expect(await ids('token=2')).toEqual(['req-5', 'req-2']);
    expect(await ids('client_request_id=client-4')).toEqual(['req-4']);
    expect(await ids('model=glm-4.6&status=402')).toEqual(['req-5', 'req-2']);
    expect(await ids('provider=up&status=200')).toEqual(['req-6', 'req-4', 'req-3', 'req-1', 'req-0']);
    expect(await ids(`from=${encodeURIComponent('2030-01-01 08:02:00')}&to=${encodeURIComponent('2030-01-01 08:04:00')}`)).toEqual([
      'req-4',
      'req-3',
      'req-2',
    ]);
    expect(await ids('from=2030-01-01T00:05:00Z')).toEqual(['req-6', 'req-5']);
  });

  it('names the token by id, name and hint and shows the client request id', async () => {
    const res = await h.get('/admin/logs?limit=1');
    expect(res.body.data[0]).toMatchObject({ token_id: 1, token_name: 'a', token_hint: 'sk-c...nt-a', client_request_id: 'client-6' });
    expect(res.body.data[0]).not.toHaveProperty('client_token');
  });

  it("takes token=admin_token for the admin token's rows", async () => {
    await h.store.requestLogs.record([{ log: logRow(9, { token_id: null, token_name: null, token_hint: 'admin_token' }), token_id: null }]);
    expect((await h.get('/admin/logs?token=admin_token')).body.data.map((r: { request_id: string }) => r.request_id)).toEqual(['req-9']);
  });

  it('refuses a token key for token= (ids only) and keeps it out of admin_logs', async () => {
    const res = await h.get('/admin/logs?token=sk-client-b');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('token id');
    const rows = await h.adminLogs(1);
    expect(rows.map((r) => r.path)).toEqual(['/admin/logs?token=%5Bredacted%5D']);
    expect(JSON.stringify(rows)).not.toContain('sk-client-b');
  });

  it('caps limit at 500', async () => {
    const res = await h.get('/admin/logs?limit=100000');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(7);
  });

  it.each([
    'limit=0',
    'limit=ten',
    'cursor=-1',
    'status=abc',
    'status=1000',
    'from=yesterday',
    'from=2030-01-02%2000:00:00&to=2030-01-01%2000:00:00',
    'token=999',
    'colour=red',
    'model=a&model=b',
  ])('rejects %s with 400 invalid_request', async (query) => {
    const res = await h.get(`/admin/logs?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });
});

describe('GET /admin/admin-logs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('shows successes, failures and unauthorized attempts newest first, filtered and paged', async () => {
    await h.post('/admin/tokens', { name: 'ok' });
    await h.post('/admin/tokens', { name: 'bad', max_amount: -1 });
    await request(h.app).get('/admin/tokens');
    await h.adminLogs(3);

    const all = await h.get('/admin/admin-logs');
    expect(all.status).toBe(200);
    expect(all.body.data.map((r: { operation: string; status_code: number }) => [r.operation, r.status_code])).toEqual([
      ['unauthorized', 401],
      ['token.create', 400],
      ['token.create', 201],
    ]);
    expect(all.body.data[1].error_message).toContain('max_amount');
    expect(all.body.data[0].ts).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const failed = await h.get('/admin/admin-logs?operation=token.create&status=400');
    expect(failed.body.data).toHaveLength(1);
    const page = await h.get('/admin/admin-logs?operation=token.create&limit=1');
    expect(page.body.data.map((r: { status_code: number }) => r.status_code)).toEqual([400]);
    const rest = await h.get(`/admin/admin-logs?operation=token.create&limit=1&cursor=${page.body.next_cursor}`);
    expect(rest.body.data.map((r: { status_code: number }) => r.status_code)).toEqual([201]);
    expect(rest.body.next_cursor).toBeNull();
  });

  it('kind=changes leaves the reads out, kind=reads keeps only them, kind=all and no kind show both', async () => {
    await h.post('/admin/tokens', { name: 'ok' });
    await h.get('/admin/tokens');
    await h.adminLogs(2);
    const ops = async (query: string) => (await h.get(`/admin/admin-logs${query}`)).body.data.map((r: { operation: string; method: string }) => `${r.method} ${r.operation}`);
    expect(await ops('?kind=changes')).toEqual(['POST token.create']);
    expect(await ops('?kind=reads&operation=token.list')).toEqual(['GET token.list']);
    expect(await ops('?kind=all&operation=token.list')).toEqual(['GET token.list']);
    expect((await ops('?kind=reads')).every((o: string) => o.startsWith('GET '))).toBe(true);
    const bad = await h.get('/admin/admin-logs?kind=writes');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('kind');
  });

  it('rejects an operation that does not exist', async () => {
    const res = await h.get('/admin/admin-logs?operation=provider.explode');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain('operation');
  });
});
