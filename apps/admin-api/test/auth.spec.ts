import { createHash } from 'node:crypto';
import request from 'supertest';
import { ADMIN_TOKEN_SETTING, mintAdminToken } from '../src';
import { configChangesSince, startHarness, type Harness } from './harness';

describe('admin token and auth', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('answers /admin/health without a token and writes no admin_logs row', async () => {
    const res = await request(h.app).get('/admin/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    await new Promise((r) => setTimeout(r, 50));
    expect(await h.store.adminLogs.list({ limit: 10 })).toEqual([]);
  });

  it('mints admin- plus 48 base62 characters and stores only its sha256', async () => {
    expect(h.token).toMatch(/^admin-[0-9A-Za-z]{48}$/);
    const stored = await h.store.settings.get(ADMIN_TOKEN_SETTING);
    expect(stored).toBe(createHash('sha256').update(h.token).digest('hex'));
    const settings = await h.store.knex('settings').select('value');
    expect(JSON.stringify(settings)).not.toContain(h.token);
  });

  it('rejects a missing token with 401 admin_unauthorized and logs the attempt', async () => {
    const res = await request(h.app).get('/admin/providers');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('admin_unauthorized');
    const [row] = await h.adminLogs(1);
    expect(row).toMatchObject({ operation: 'unauthorized', status_code: 401, method: 'GET', path: '/admin/providers', target: null });
    expect(row?.error_message).toContain('admin token required');
  });

  it('rejects a wrong token, a client token and a non-Bearer header, never storing what was sent', async () => {
    const wrong = `admin-${'x'.repeat(48)}`;
    for (const header of [`Bearer ${wrong}`, 'Bearer sk-abc', `Basic ${h.token}`]) {
      const res = await request(h.app).post('/admin/tokens').set('authorization', header).send({ name: 'x' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('admin_unauthorized');
    }
    const rows = await h.adminLogs(3);
    expect(rows.map((r) => r.operation)).toEqual(['unauthorized', 'unauthorized', 'unauthorized']);
    expect(JSON.stringify(rows)).not.toContain(wrong);
    expect(await h.store.tokens.list()).toEqual([]);
  });

  it('accepts the current token; after a new mint the old one stops working at once', async () => {
    expect((await h.get('/admin/providers')).status).toBe(200);
    const before = h.changes.length;
    const next = await mintAdminToken(h.store, h.bus);
    expect(configChangesSince(h, before)).toEqual(['admin_token']);
    expect(next).not.toBe(h.token);
    expect((await h.get('/admin/providers')).status).toBe(401);
    const res = await request(h.app).get('/admin/providers').set('authorization', `Bearer ${next}`);
    expect(res.status).toBe(200);
  });

  it('answers unknown admin paths with 404 not_found once authorized, logged as unknown', async () => {
    const res = await h.get('/admin/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const [row] = await h.adminLogs(1);
    expect(row).toMatchObject({ operation: 'unknown', status_code: 404 });
  });
});
