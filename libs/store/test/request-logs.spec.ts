import { generateTokenKey, type Store } from '../src';
import { logged, logInput } from './support/fixtures';
import { DIALECTS, StoreHarness } from './support/store-harness';

const harness = new StoreHarness('t_store_logs');
afterAll(() => harness.cleanup());

describe.each(DIALECTS)('request logs on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await harness.open(dialect);
  });

  const newToken = (max_amount: number | null = null) => store.tokens.create({ key: generateTokenKey(), name: 't', max_amount });

  it('records rows and debits, and a redelivered batch is all duplicates with no second debit', async () => {
    const token = await newToken();
    const batch = [
      logged(token.id, { amount_spent: '0.1000000000' }),
      logged(token.id, { amount_spent: '0.2000000000' }),
      logged(null, { amount_spent: '5.0000000000', token_hint: 'admin_token' }),
      logged(token.id, { amount_spent: null, status_code: 500 }),
    ];
    const first = await store.requestLogs.record(batch);
    expect(first).toEqual({ inserted: batch.map((e) => e.log.request_id), duplicates: [], exhausted: [], debited: [token.id] });
    const second = await store.requestLogs.record(batch);
    expect(second).toEqual({ inserted: [], duplicates: batch.map((e) => e.log.request_id), exhausted: [], debited: [] });
    const spent = (await store.tokens.get(token.id))!.amount_spent;
    if (dialect === 'pg') expect(spent).toBe(0.3);
    else expect(spent).toBeCloseTo(0.3, 12);
    expect(await store.knex('request_logs').count({ n: '*' })).toEqual([{ n: dialect === 'pg' ? '4' : 4 }]);
  });

  it('treats a request_id repeated inside one batch as a duplicate', async () => {
    const token = await newToken();
    const entry = logged(token.id, { amount_spent: '1' });
    const result = await store.requestLogs.record([entry, { ...entry }]);
    expect(result.inserted).toEqual([entry.log.request_id]);
    expect(result.duplicates).toEqual([entry.log.request_id]);
    expect((await store.tokens.get(token.id))!.amount_spent).toBe(1);
  });

  it('disables a token with reason exhausted when the debit reaches max_amount, once', async () => {
    const capped = await newToken(0.0003);
    const unlimited = await newToken(null);
    const first = await store.requestLogs.record([
      logged(capped.id, { amount_spent: '0.0002' }),
      logged(unlimited.id, { amount_spent: '1000' }),
    ]);
    expect(first.exhausted).toEqual([]);
    expect(first.debited).toEqual([capped.id, unlimited.id].sort((a, b) => a - b));
    const second = await store.requestLogs.record([logged(capped.id, { amount_spent: '0.0001' })]);
    expect(second.exhausted).toEqual([capped.id]);
    expect(await store.tokens.get(capped.id)).toMatchObject({ enabled: false, disabled_reason: 'exhausted' });
    expect(await store.tokens.get(unlimited.id)).toMatchObject({ enabled: true, disabled_reason: null, amount_spent: 1000 });
    // Requests already in flight still get debited; the token is not reported exhausted twice.
    const third = await store.requestLogs.record([logged(capped.id, { amount_spent: '0.0001' })]);
    expect(third).toMatchObject({ exhausted: [], debited: [capped.id] });
    expect((await store.tokens.get(capped.id))!.amount_spent).toBeCloseTo(0.0004, 12);
  });

  it('inserts a batch larger than one multi-row insert', async () => {
    const token = await newToken();
    const batch = Array.from({ length: 1100 }, () => logged(token.id, { token_id: token.id, amount_spent: '0.0000010000' }));
    const result = await store.requestLogs.record(batch);
    expect(result.inserted).toHaveLength(1100);
    expect((await store.tokens.get(token.id))!.amount_spent).toBeCloseTo(0.0011, 10);
    expect(await store.requestLogs.list({ token: token.id, limit: 2000 })).toHaveLength(1100);
  });

  it('never debits twice, nor fails, when concurrent batches share request_ids', async () => {
    const token = await newToken();
    const shared = Array.from({ length: 50 }, () => logged(token.id, { amount_spent: '0.01' }));
    const batches = Array.from({ length: 6 }, (_, i) => [
      ...shared.slice(i * 5, i * 5 + 30),
      logged(token.id, { amount_spent: '0.01' }),
    ]);
    const results = await Promise.all(batches.map((b) => store.requestLogs.record(b)));
    expect(results.flatMap((r) => r.inserted).sort()).toEqual([...shared, ...batches.map((b) => b.at(-1)!)].map((e) => e.log.request_id).sort());
    const rows = await store.knex('request_logs').select('request_id');
    expect(rows).toHaveLength(shared.length + batches.length);
    expect((await store.tokens.get(token.id))!.amount_spent).toBeCloseTo(0.01 * (shared.length + batches.length), 10);
  });

  it('reads rows back with JS types, and on SQLite stores ts as local text with offset', async () => {
    const input = logInput({ ts: new Date('2026-11-26T06:32:22.360Z'), amount_spent: '0.0001234500', reasoning_tokens: 7, clamped_from: 32000 });
    await store.requestLogs.record([{ log: input, token_id: null }]);
    const [row] = await store.requestLogs.list({ limit: 1 });
    expect(row).toEqual({ ...input, id: expect.any(Number), amount_spent: 0.00012345, attempt_details: null });
    expect(row!.ts).toBeInstanceOf(Date);
    const raw: { ts: unknown } = await store.knex('request_logs').where('request_id', input.request_id).first('ts');
    if (dialect === 'sqlite') expect(raw.ts).toBe('2026-11-26 14:32:22.360+08:00');
    else expect(raw.ts).toBeInstanceOf(Date);
  });

  it('keeps the attempts of a request (fallbacks) and reads them back', async () => {
    const attempt_details = [
      { provider: 'p1', model: 'm1', key: 'sk-a...wxyz', status: 503, error: 'upstream p1 returned 503: busy', ms: 12 },
      { provider: 'p2', model: 'm2', key: null, status: 200, error: null, ms: 40 },
    ];
    const input = logInput({ attempt_details });
    await store.requestLogs.record([{ log: input, token_id: null }]);
    const [row] = await store.requestLogs.list({ limit: 1 });
    expect(row!.attempt_details).toEqual(attempt_details);
  });

  it('filters by token, model, provider, status and time, newest first, with keyset paging', async () => {
    const t0 = Date.parse('2026-03-01T00:00:00Z');
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    const batch = [
      logged(null, { ts: at(0), token_id: 101, model: 'm1', provider: 'p1', status_code: 200 }),
      logged(null, { ts: at(10), token_id: 101, model: 'm2', provider: 'p1', status_code: 500 }),
      logged(null, { ts: at(20), token_id: 102, model: 'm1', provider: 'p2', status_code: 200 }),
      logged(null, { ts: at(30), token_id: 101, model: 'm1', provider: 'p2', status_code: 200 }),
      logged(null, { ts: at(40), token_id: 102, model: 'm2', provider: 'p1', status_code: 429 }),
      logged(null, { ts: at(50), token_hint: 'admin_token', client_request_id: 'client-7', status_code: 200 }),
    ];
    for (const entry of batch) await store.requestLogs.record([entry]);
    const ids = (rows: { request_id: string }[]) => rows.map((r) => batch.findIndex((e) => e.log.request_id === r.request_id));

    expect(ids(await store.requestLogs.list({ limit: 10 }))).toEqual([5, 4, 3, 2, 1, 0]);
    expect(ids(await store.requestLogs.list({ token: 101, limit: 10 }))).toEqual([3, 1, 0]);
    expect(ids(await store.requestLogs.list({ token: 'admin_token', limit: 10 }))).toEqual([5]);
    expect(ids(await store.requestLogs.list({ client_request_id: 'client-7', limit: 10 }))).toEqual([5]);
    expect(ids(await store.requestLogs.list({ model: 'm1', provider: 'p2', limit: 10 }))).toEqual([3, 2]);
    expect(ids(await store.requestLogs.list({ status: 200, limit: 10 }))).toEqual([5, 3, 2, 0]);
    expect(ids(await store.requestLogs.list({ from: at(10), to: at(30), limit: 10 }))).toEqual([3, 2, 1]);
    expect(ids(await store.requestLogs.list({ from: new Date(at(10).getTime() + 1), limit: 10 }))).toEqual([5, 4, 3, 2]);

    const page1 = await store.requestLogs.list({ limit: 2 });
    const page2 = await store.requestLogs.list({ limit: 2, before_id: page1[1]!.id });
    const page3 = await store.requestLogs.list({ limit: 2, before_id: page2[1]!.id });
    expect([...ids(page1), ...ids(page2), ...ids(page3)]).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it('lists a token\'s rows of given request types and sums all its spending', async () => {
    await store.requestLogs.record([
      logged(null, { token_id: 201, request_type: 'chat', amount_spent: '0.5' }),
      logged(null, { token_id: 201, request_type: 'models', amount_spent: null }),
      logged(null, { token_id: 201, request_type: 'messages_stream', amount_spent: '0.25' }),
      logged(null, { token_id: 202, request_type: 'chat', amount_spent: '9' }),
    ]);
    const chats = await store.requestLogs.listForToken(201, ['chat', 'chat_stream', 'messages', 'messages_stream'], 20);
    expect(chats.map((r) => r.request_type)).toEqual(['messages_stream', 'chat']);
    expect(await store.requestLogs.listForToken(201, ['chat'], 20)).toHaveLength(1);
    expect(await store.requestLogs.listForToken(201, [], 1)).toHaveLength(1);
    expect(await store.requestLogs.totalCost(201)).toBe(0.75);
    expect(await store.requestLogs.totalCost(999)).toBe(0);
  });

  it('stores a row whatever the request carried, bounded to the columns', async () => {
    const input = logInput({
      model: `m\u00e9${'x'.repeat(10_000)}`,
      upstream_model: '\u{1F600}'.repeat(300),
      path: '/v1/chat/\u0000completions',
      error_message: 'bad\u0000 input \ud800',
      prompt_tokens: 5e9,
      completion_tokens: -3,
      total_tokens: 5e9,
      response_time_ms: 2 ** 40,
      upstream_status: -(2 ** 40),
    });
    const result = await store.requestLogs.record([{ log: input, token_id: null }]);
    expect(result.inserted).toEqual([input.request_id]);
    const [row] = await store.requestLogs.list({ limit: 1 });
    expect(row).toMatchObject({
      request_id: input.request_id,
      model: `m\u00e9${'x'.repeat(253)}`,
      // varchar(255) counts characters: 255 emoji, not 255 UTF-16 units.
      upstream_model: '\u{1F600}'.repeat(255),
      path: '/v1/chat/completions',
      error_message: 'bad input \ufffd',
      prompt_tokens: 2147483647,
      completion_tokens: 0,
      total_tokens: 2147483647,
      response_time_ms: 2147483647,
      upstream_status: -2147483648,
    });
  });

  it('writes text exactly as given: quotes, backslashes, braces, commas, newlines, NULL-like words and non-ASCII', async () => {
    const tricky = 'a"b\\c{d},e\nf\tg \u00e9\u{1F600} NULL \\u0041 [1]';
    const attempt_details = [{ provider: tricky, model: 'm\\"', key: null, status: 0, error: '"}]\\', ms: 1 }];
    const input = logInput({ model: 'NULL', provider: '', error_message: tricky, upstream_error: '{"x":1}', client_request_id: tricky, attempt_details });
    await store.requestLogs.record([{ log: input, token_id: null }]);
    const [row] = await store.requestLogs.list({ limit: 1 });
    expect(row).toEqual({ ...input, id: expect.any(Number), amount_spent: 0.0001 });
  });

  it('prunes the oldest rows older than a date, in batches', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const old = Array.from({ length: 5 }, (_, i) => logged(null, { ts: new Date(now - (100 + i) * day) }));
    const recent = Array.from({ length: 2 }, () => logged(null, { ts: new Date(now - day) }));
    await store.requestLogs.record([...old, ...recent]);
    const cutoff = new Date(now - 90 * day);
    expect(await store.requestLogs.prune(cutoff, 3)).toBe(3);
    const left = await store.requestLogs.list({ limit: 10 });
    // The three oldest went first.
    expect(left.map((r) => r.request_id).sort()).toEqual([old[0]!, old[1]!, ...recent].map((e) => e.log.request_id).sort());
    expect(await store.requestLogs.prune(cutoff, 3)).toBe(2);
    expect(await store.requestLogs.prune(cutoff, 3)).toBe(0);
    expect(await store.requestLogs.list({ limit: 10 })).toHaveLength(2);
  });
});

describe.each(DIALECTS)('time filters across a DST change on %s', (dialect) => {
  it('compares instants exactly although stored offsets differ', async () => {
    const store = await harness.open(dialect, { timezone: 'America/New_York' });
    // 2026-11-01 01:30 happens twice in New York: first at -04:00 (05:30Z), then at -05:00 (06:30Z).
    const before = logged(null, { ts: new Date('2026-11-01T05:45:00Z') });
    const after = logged(null, { ts: new Date('2026-11-01T06:15:00Z') });
    await store.requestLogs.record([before, after]);
    if (dialect === 'sqlite') {
      const raw: { ts: string }[] = await store.knex('request_logs').orderBy('id').select('ts');
      expect(raw.map((r) => r.ts)).toEqual(['2026-11-01 01:45:00.000-04:00', '2026-11-01 01:15:00.000-05:00']);
    }
    const from = await store.requestLogs.list({ from: new Date('2026-11-01T06:00:00Z'), limit: 10 });
    expect(from.map((r) => r.request_id)).toEqual([after.log.request_id]);
    const to = await store.requestLogs.list({ to: new Date('2026-11-01T06:00:00Z'), limit: 10 });
    expect(to.map((r) => r.request_id)).toEqual([before.log.request_id]);
    expect(await store.requestLogs.prune(new Date('2026-11-01T06:00:00Z'), 10)).toBe(1);
  });
});
