import request from 'supertest';
import { startHarness, type Harness } from './harness';

/** Issue 12: the provider types are listed once (the adapter registry); the console reads them here. */
describe('GET /admin/api-types', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('lists every provider type the admin API accepts, in the registry order', async () => {
    const res = await h.get('/admin/api-types');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: ['openai', 'anthropic', 'zhipu'], next_cursor: null });
    for (const apiType of res.body.data as string[]) {
      const created = await h.post('/admin/providers', { name: `p-${apiType}`, api_type: apiType, base_url: 'https://upstream.example.com/v1' });
      expect(created.status).toBe(201);
    }
    expect((await h.post('/admin/providers', { name: 'p-gemini', api_type: 'gemini', base_url: 'https://upstream.example.com/v1' })).status).toBe(400);
  });

  it('needs the admin token', async () => {
    const res = await request(h.app).get('/admin/api-types');
    expect(res.status).toBe(401);
  });
});
