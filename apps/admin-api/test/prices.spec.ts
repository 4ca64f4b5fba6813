import { configChangesSince, seedProvider, startHarness, type Harness } from './harness';

const valid = { provider: 'up', model: 'gpt-4o', prompt_per_million: 2.5, completion_per_million: 10 };

describe('prices', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ billing: { currency: 'CNY' } });
    await seedProvider(h, 'up', ['gpt-4o', 'org/model-x']);
    await seedProvider(h, 'other', ['only-here']);
  });
  afterEach(async () => h.close());

  it('puts a price (currency defaults to billing.currency) and publishes a change', async () => {
    const before = h.changes.length;
    const res = await h.put('/admin/prices', { ...valid, cached_prompt_per_million: 1.25 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...valid, cached_prompt_per_million: 1.25, currency: 'CNY' });
    expect(res.body.updated_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(configChangesSince(h, before)).toEqual(['prices']);
    const replaced = await h.put('/admin/prices', { ...valid, prompt_per_million: 3, currency: 'CNY' });
    expect(replaced.body).toMatchObject({ prompt_per_million: 3, cached_prompt_per_million: null });
    expect(await h.store.prices.list()).toHaveLength(1);
    const [row] = await h.adminLogs(1);
    expect(row).toMatchObject({ operation: 'price.put', target: 'up/gpt-4o', status_code: 200 });
  });

  const bad: [string, Record<string, unknown>, number, string, string][] = [
    ['a negative prompt price', { ...valid, prompt_per_million: -1 }, 400, 'invalid_request', 'prompt_per_million'],
    ['a negative cached price', { ...valid, cached_prompt_per_million: -0.5 }, 400, 'invalid_request', 'cached_prompt_per_million'],
    ['a price given as a string', { ...valid, completion_per_million: '10' }, 400, 'invalid_request', 'completion_per_million'],
    ['a missing completion price', { provider: 'up', model: 'gpt-4o', prompt_per_million: 1 }, 400, 'invalid_request', 'completion_per_million'],
    ['another currency', { ...valid, currency: 'USD' }, 400, 'invalid_request', 'currency'],
    ['an unknown field', { ...valid, per_request: 1 }, 400, 'invalid_request', 'per_request'],
    ['an unknown provider', { ...valid, provider: 'nope' }, 404, 'provider_not_found', 'nope'],
    ['a model outside the catalog', { ...valid, model: 'gpt-5' }, 404, 'model_not_found', 'gpt-5'],
    ['a model of another provider', { ...valid, model: 'only-here' }, 404, 'model_not_found', 'only-here'],
  ];
  it.each(bad)('rejects %s, writing nothing', async (_what, body, status, code, named) => {
    const before = h.changes.length;
    const res = await h.put('/admin/prices', body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toContain(named);
    expect(await h.store.prices.list()).toEqual([]);
    expect(configChangesSince(h, before)).toEqual([]);
  });

  it('lists prices and deletes one whose model id contains a slash', async () => {
    await h.put('/admin/prices', valid);
    await h.put('/admin/prices', { ...valid, model: 'org/model-x' });
    const list = await h.get('/admin/prices');
    expect(list.body.next_cursor).toBeNull();
    expect(list.body.data.map((p: { model: string }) => p.model)).toEqual(['gpt-4o', 'org/model-x']);

    const before = h.changes.length;
    const res = await h.del('/admin/prices/up/org/model-x');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ provider: 'up', model: 'org/model-x', deleted: true });
    expect(configChangesSince(h, before)).toEqual(['prices']);
    expect((await h.store.prices.list()).map((p) => p.model_id)).toEqual(['gpt-4o']);

    const missing = await h.del('/admin/prices/up/org/model-x');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const noProvider = await h.del('/admin/prices/nope/gpt-4o');
    expect(noProvider.body.error.code).toBe('provider_not_found');
    const rows = await h.adminLogs(6);
    expect(rows[3]).toMatchObject({ operation: 'price.delete', target: 'up/org/model-x', status_code: 200 });
  });
});
