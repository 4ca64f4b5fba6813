import { configChangesSince, seedProvider, startHarness, type Harness } from './harness';

describe('aliases', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await seedProvider(h, 'azure', ['gpt-4-turbo']);
    await seedProvider(h, 'relay', ['meta/llama-3']);
  });
  afterEach(async () => h.close());

  it.each([
    ['provider/model', 'azure/gpt-4-turbo'],
    ['a bare id', 'gpt-4-turbo'],
    ['provider/model with a slash in the id', 'relay/meta/llama-3'],
    ['a bare id with a slash', 'meta/llama-3'],
  ])('puts an alias whose target is %s', async (_what, target) => {
    const before = h.changes.length;
    const res = await h.put('/admin/aliases/fast', { target });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ alias: 'fast', target });
    expect(configChangesSince(h, before)).toEqual(['aliases']);
    expect(await h.store.aliases.list()).toEqual([{ alias: 'fast', target }]);
  });

  it.each([
    ['an unknown provider', 'nope/gpt-4-turbo'],
    ['a model not in that provider catalog', 'relay/gpt-4-turbo'],
    ['an unknown bare id', 'gpt-5'],
  ])('refuses a target naming %s with 404 model_not_found, writing nothing', async (_what, target) => {
    const res = await h.put('/admin/aliases/fast', { target });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('model_not_found');
    expect(res.body.error.message).toContain(`"${target}"`);
    expect(await h.store.aliases.list()).toEqual([]);
    const [row] = await h.adminLogs(1);
    expect(row).toMatchObject({ operation: 'alias.put', target: 'fast', status_code: 404 });
  });

  it.each([
    ['no target', {}],
    ['an empty target', { target: '' }],
    ['an unknown field', { target: 'gpt-4-turbo', weight: 2 }],
  ])('refuses %s with 400 invalid_request', async (_what, body) => {
    const res = await h.put('/admin/aliases/fast', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(await h.store.aliases.list()).toEqual([]);
  });

  it('replaces, lists, gets and deletes; an alias may contain a slash', async () => {
    await h.put('/admin/aliases/team/fast', { target: 'gpt-4-turbo' });
    await h.put('/admin/aliases/team/fast', { target: 'relay/meta/llama-3' });
    await h.put('/admin/aliases/cheap', { target: 'azure/gpt-4-turbo' });
    expect((await h.get('/admin/aliases')).body).toEqual({
      data: [
        { alias: 'cheap', target: 'azure/gpt-4-turbo' },
        { alias: 'team/fast', target: 'relay/meta/llama-3' },
      ],
      next_cursor: null,
    });
    expect((await h.get('/admin/aliases/team/fast')).body).toEqual({ alias: 'team/fast', target: 'relay/meta/llama-3' });
    const before = h.changes.length;
    const del = await h.del('/admin/aliases/team/fast');
    expect(del.body).toEqual({ alias: 'team/fast', deleted: true });
    expect(configChangesSince(h, before)).toEqual(['aliases']);
    const missing = await h.del('/admin/aliases/team/fast');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect(configChangesSince(h, before)).toEqual(['aliases']);
  });
});
