import { InProcessChangeBus, type ChangeMessage, type UsageEvent, type UsageEventHandler } from '@aigw/events';
import { createStore, generateTokenKey, type Store, type Token } from '@aigw/store';
import { createLogger } from '@aigw/telemetry';
import { createUsageHandler } from '../src';

// 1000 prompt tokens at 0.5 per million = 0.0005 per request.
const PRICE = { prompt_per_million: '0.5', completion_per_million: '1', cached_prompt_per_million: null, currency: 'USD' };
const USAGE = { prompt_tokens: 1000, completion_tokens: 0, total_tokens: 1000, cached_tokens: 0, reasoning_tokens: 0 };

let counter = 0;

function usageEvent(tokenId: number | null, overrides: Partial<UsageEvent> = {}): UsageEvent {
  counter += 1;
  return {
    v: 2,
    request_id: `req-${counter}`,
    client_request_id: null,
    ts: Date.now(),
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    token_id: tokenId,
    token_name: tokenId === null ? null : 'client',
    token_hint: tokenId === null ? 'admin_token' : 'sk-c...ient',
    model: 'gpt-4o',
    upstream_model: 'gpt-4o',
    provider: 'openai',
    api_key: 'sk-a...wxyz',
    status_code: 200,
    response_time_ms: 100,
    ttfb_ms: 40,
    attempts: 1,
    usage: USAGE,
    usage_source: 'upstream',
    price: PRICE,
    error_message: null,
    upstream_status: null,
    upstream_error: null,
    ...overrides,
  };
}

describe('usage handler with a real store', () => {
  let store: Store;
  let bus: InProcessChangeBus;
  let messages: ChangeMessage[];
  let handler: UsageEventHandler;

  beforeEach(async () => {
    store = await createStore({ url: 'sqlite::memory:', timezone: 'Asia/Shanghai' });
    bus = new InProcessChangeBus();
    messages = [];
    bus.subscribe((m) => messages.push(m));
    handler = createUsageHandler({ store, bus, logger: createLogger({ level: 'silent', timezone: 'UTC' }) });
  });

  afterEach(async () => {
    await bus.close();
    await store.close();
  });

  const newToken = (max_amount: number | null = 0.001): Promise<Token> =>
    store.tokens.create({ key: generateTokenKey(), name: 't', max_amount });

  async function rowsFor(requestId: string): Promise<number> {
    const rows = await store.knex('request_logs').where('request_id', requestId).count({ n: '*' });
    return Number(rows[0]?.n);
  }

  async function spent(id: number): Promise<number> {
    return (await store.tokens.get(id))!.amount_spent;
  }

  it('writes the row with its cost', async () => {
    const token = await newToken();
    const event = usageEvent(token.id);
    await handler.handle([event]);
    const [row] = await store.requestLogs.list({ limit: 10 });
    expect(row).toMatchObject({ request_id: event.request_id, status_code: 200, prompt_tokens: 1000, currency: 'USD' });
    expect(row?.amount_spent).toBeCloseTo(0.0005, 10);
    expect(await spent(token.id)).toBeCloseTo(0.0005, 10);
  });

  it('handles the same event twice with one row and one debit', async () => {
    const token = await newToken();
    const event = usageEvent(token.id);
    await handler.handle([event]);
    await handler.handle([event]);
    expect(await rowsFor(event.request_id)).toBe(1);
    expect(await spent(token.id)).toBeCloseTo(0.0005, 10);
    expect((await store.tokens.get(token.id))!.enabled).toBe(true);
    // A redelivery is announced again with the same state: a batch retried after its rows were
    // written must still tell the proxies how the token stands.
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m.type === 'token-usage' && m.tokens[0]!.amount_spent).toBeCloseTo(0.0005, 10);
  });

  it('handles the same event twice in one batch with one row and one debit', async () => {
    const token = await newToken();
    const event = usageEvent(token.id);
    await handler.handle([event, { ...event }]);
    expect(await rowsFor(event.request_id)).toBe(1);
    expect(await spent(token.id)).toBeCloseTo(0.0005, 10);
  });

  it('disables a token that reaches max_amount with disabled_reason exhausted', async () => {
    const token = await newToken(0.001);
    await handler.handle([usageEvent(token.id)]);
    expect((await store.tokens.get(token.id))!).toMatchObject({ enabled: true, disabled_reason: null });
    await handler.handle([usageEvent(token.id)]);
    const after = (await store.tokens.get(token.id))!;
    expect(after.amount_spent).toBeCloseTo(0.001, 10);
    expect(after.enabled).toBe(false);
    expect(after.disabled_reason).toBe('exhausted');
  });

  it('charges a capped request only its cap, and the cap that fills the budget disables the token', async () => {
    const token = await newToken(0.001);
    await handler.handle([usageEvent(token.id), usageEvent(token.id, { usage: { ...USAGE, prompt_tokens: 4000, total_tokens: 4000 }, cost_cap: '0.0005' })]);
    const after = (await store.tokens.get(token.id))!;
    expect(after.amount_spent).toBeCloseTo(0.001, 10);
    expect(after).toMatchObject({ enabled: false, disabled_reason: 'exhausted' });
  });

  it('publishes token-usage with the request ids and the new amount_spent', async () => {
    const token = await newToken(0.01);
    const a = usageEvent(token.id);
    const b = usageEvent(token.id);
    await handler.handle([a, b]);
    expect(messages).toHaveLength(1);
    const message = messages[0]!;
    expect(message.type).toBe('token-usage');
    if (message.type !== 'token-usage') return;
    expect([...message.request_ids].sort()).toEqual([a.request_id, b.request_id].sort());
    expect(message.tokens).toHaveLength(1);
    expect(message.tokens[0]).toMatchObject({ id: token.id, enabled: true, disabled_reason: null });
    expect(message.tokens[0]!.amount_spent).toBeCloseTo(0.001, 10);
    // proxies tell a notice read before an operator's change by it (a debit does not move it)
    expect(message.tokens[0]!.updated_at).toBe(token.updated_at.getTime());
  });

  it('announces an exhausted token as disabled', async () => {
    const token = await newToken(0.0005);
    await handler.handle([usageEvent(token.id)]);
    const message = messages[0];
    expect(message).toMatchObject({ type: 'token-usage', tokens: [{ id: token.id, enabled: false, disabled_reason: 'exhausted' }] });
  });

  it('debits several tokens of one batch separately', async () => {
    const one = await newToken(null);
    const two = await newToken(null);
    await handler.handle([usageEvent(one.id), usageEvent(two.id), usageEvent(two.id)]);
    expect(await spent(one.id)).toBeCloseTo(0.0005, 10);
    expect(await spent(two.id)).toBeCloseTo(0.001, 10);
    expect(messages).toHaveLength(1);
    const message = messages[0]!;
    const ids = message.type === 'token-usage' ? message.tokens.map((t) => t.id) : [];
    expect(ids.sort((x, y) => x - y)).toEqual([one.id, two.id].sort((x, y) => x - y));
  });

  it('logs admin and failed requests without debiting', async () => {
    const token = await newToken();
    const admin = usageEvent(null);
    const failed = usageEvent(token.id, { usage: null, usage_source: null, status_code: 502, error_message: 'upstream returned 500' });
    await handler.handle([admin, failed]);
    expect(await rowsFor(admin.request_id)).toBe(1);
    expect(await rowsFor(failed.request_id)).toBe(1);
    expect(await spent(token.id)).toBe(0);
    // The client token's unchanged state is announced; the admin request names no token.
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'token-usage', tokens: [{ id: token.id, amount_spent: 0 }] });
  });

  it('does nothing for an empty batch', async () => {
    await handler.handle([]);
    expect(await store.requestLogs.list({ limit: 10 })).toEqual([]);
    expect(messages).toEqual([]);
  });
});
