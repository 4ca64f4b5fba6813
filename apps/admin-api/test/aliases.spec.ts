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
    const one = { alias: 'fast', target, targets: [{ model: target, priority: 0, weight: 1 }] };
    expect(res.body).toEqual(one);
    expect(configChangesSince(h, before)).toEqual(['aliases']);
    expect(await h.store.aliases.list()).toEqual([one]);
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
        { alias: 'cheap', target: 'azure/gpt-4-turbo', targets: [{ model: 'azure/gpt-4-turbo', priority: 0, weight: 1 }] },
        { alias: 'team/fast', target: 'relay/meta/llama-3', targets: [{ model: 'relay/meta/llama-3', priority: 0, weight: 1 }] },
      ],
      next_cursor: null,
    });
    expect((await h.get('/admin/aliases/team/fast')).body).toEqual({
      alias: 'team/fast',
      target: 'relay/meta/llama-3',
      targets: [{ model: 'relay/meta/llama-3', priority: 0, weight: 1 }],
    });
    const before = h.changes.length;
    const del = await h.del('/admin/aliases/team/fast');
    expect(del.body).toEqual({ alias: 'team/fast', deleted: true });
    expect(configChangesSince(h, before)).toEqual(['aliases']);
    const missing = await h.del('/admin/aliases/team/fast');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect(configChangesSince(h, before)).toEqual(['aliases']);
  });

  it('puts an alias with targets across providers; GET shows them, target names the highest priority', async () => {
    const before = h.changes.length;
    const targets = [
      { model: 'relay/meta/llama-3', priority: 1, weight: 3 },
      { model: 'azure/gpt-4-turbo', priority: 5 },
    ];
    const res = await h.put('/admin/aliases/smart', { targets });
    expect(res.status).toBe(200);
    const stored = {
      alias: 'smart',
      target: 'azure/gpt-4-turbo',
      targets: [
        { model: 'relay/meta/llama-3', priority: 1, weight: 3 },
        { model: 'azure/gpt-4-turbo', priority: 5, weight: 1 },
      ],
    };
    expect(res.body).toEqual(stored);
    expect(configChangesSince(h, before)).toEqual(['aliases']);
    expect((await h.get('/admin/aliases/smart')).body).toEqual(stored);
    expect((await h.get('/admin/aliases')).body.data).toEqual([stored]);
    // Back to the string form: one target again.
    await h.put('/admin/aliases/smart', { target: 'gpt-4-turbo' });
    expect((await h.get('/admin/aliases/smart')).body).toEqual({ alias: 'smart', target: 'gpt-4-turbo', targets: [{ model: 'gpt-4-turbo', priority: 0, weight: 1 }] });
  });

  it.each([
    ['an unknown target model', { targets: [{ model: 'azure/gpt-4-turbo' }, { model: 'nope/x' }] }, 404, 'model_not_found', 'targets[1].model'],
    ['an empty list', { targets: [] }, 400, 'invalid_request', undefined],
    ['a zero weight', { targets: [{ model: 'azure/gpt-4-turbo', weight: 0 }] }, 400, 'invalid_request', undefined],
    ['the same model twice', { targets: [{ model: 'azure/gpt-4-turbo' }, { model: 'azure/gpt-4-turbo', priority: 1 }] }, 400, 'invalid_request', 'targets'],
    ['both target and targets', { target: 'azure/gpt-4-turbo', targets: [{ model: 'azure/gpt-4-turbo' }] }, 400, 'invalid_request', undefined],
  ])('refuses targets with %s, writing nothing', async (_what, body, status, code, param) => {
    const res = await h.put('/admin/aliases/smart', body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    if (param !== undefined) expect(res.body.error.param).toBe(param);
    expect(await h.store.aliases.list()).toEqual([]);
  });
});
