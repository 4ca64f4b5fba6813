import { createHash } from 'node:crypto';
import request from 'supertest';
import { adminTokenNotice, ADMIN_TOKEN_SETTING, applyAdminToken } from '../src';
import { configChangesSince, startHarness, type Harness } from './harness';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** security.admin_token_sha256: a configured admin token instead of a new one at every start. */
describe('applyAdminToken', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  const asAdmin = (token: string) => request(h.app).get('/admin/providers').set('authorization', `Bearer ${token}`);

  it('with a configured hash: mints nothing, that token works, the minted one stops working, proxies are told', async () => {
    const kept = 'admin-kept-by-the-ops-automation-0001';
    const before = h.changes.length;
    // Upper case as an operator may paste it: the stored hash is the canonical lower-case one.
    expect(await applyAdminToken(h.store, h.bus, sha256(kept).toUpperCase())).toBeUndefined();
    expect(await h.store.settings.get(ADMIN_TOKEN_SETTING)).toBe(sha256(kept));
    expect(configChangesSince(h, before)).toEqual(['admin_token']);
    expect((await asAdmin(kept)).status).toBe(200);
    expect((await asAdmin(h.token)).status).toBe(401);

    // A restart with the same hash changes nothing and tells nobody.
    const again = h.changes.length;
    expect(await applyAdminToken(h.store, h.bus, sha256(kept))).toBeUndefined();
    expect(configChangesSince(h, again)).toEqual([]);
    expect((await asAdmin(kept)).status).toBe(200);
  });

  it('without one: a new token at every call, the previous one stops working', async () => {
    const next = await applyAdminToken(h.store, h.bus, '');
    expect(next).toMatch(/^admin-[0-9A-Za-z]{48}$/);
    expect(next).not.toBe(h.token);
    expect((await asAdmin(next!)).status).toBe(200);
    expect((await asAdmin(h.token)).status).toBe(401);
  });

  it('prints a minted token once, and only a notice for a configured one', () => {
    expect(adminTokenNotice('admin-abc')).toBe('admin token (new at every start; the previous one no longer works):\nadmin-abc\n');
    expect(adminTokenNotice(undefined)).toMatch(/^admin token: the configured admin token is in use \(security\.admin_token_sha256\)/);
  });
});
