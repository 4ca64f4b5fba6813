import { createHash } from 'node:crypto';
import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { completion, startTestGateway, type TestGateway } from './harness';

/** security.admin_token_sha256 lets the operator choose any token: it must work on /v1 as on /admin. */
describe('a configured admin token without the admin- prefix', () => {
  const chosen = 'ops-chosen-token-without-the-usual-prefix-0001';
  let fake: FakeUpstream;
  let gw: TestGateway;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40) });
    gw = await startTestGateway({ security: { admin_token_sha256: createHash('sha256').update(chosen).digest('hex') } });
    await gw.addProvider({ name: 'up', baseUrl: `${fake.url}/v1`, keys: ['sk-admin-token-key-0001'], models: [{ id: 'm', prompt: 1000, completion: 1000 }] });
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });

  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('works on /admin/tokens and on /v1/models', async () => {
    expect((await gw.raw('/admin/tokens', bearer(chosen))).status).toBe(200);
    const models = await gw.raw('/v1/models', bearer(chosen));
    expect(models.status).toBe(200);
    expect(((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toContain('up/m');
  });

  it('a different token is still refused on both', async () => {
    expect((await gw.raw('/admin/tokens', bearer(`${chosen}x`))).status).toBe(401);
    expect((await gw.raw('/v1/models', bearer(`${chosen}x`))).status).toBe(401);
  });
});
