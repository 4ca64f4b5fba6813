import { priceSnapshotSchema, usageSchema } from '@aigw/usage';
import { validEvent } from '../test/usage-event.fixture';
import { storedUsageEventSchema, usageEventSchema, type UsageEvent } from './usage-event';

/** The event as JSON would carry it, with one field changed or removed. */
function withField(field: string, value: unknown): Record<string, unknown> {
  const event: Record<string, unknown> = { ...validEvent() };
  if (value === undefined) delete event[field];
  else event[field] = value;
  return event;
}

describe('usageEventSchema', () => {
  it('accepts a complete event unchanged', () => {
    const event = validEvent();
    expect(usageEventSchema.parse(event)).toEqual(event);
  });

  it('accepts a failed admin request without usage, price, token or cost cap', () => {
    const event = {
      ...validEvent(),
      client_request_id: null,
      token_id: null,
      token_name: null,
      token_hint: 'admin_token',
      usage: null,
      usage_source: null,
      price: null,
      ttfb_ms: null,
      status_code: 502,
      error_message: 'upstream returned 500',
      upstream_status: 500,
      upstream_error: 'boom',
    };
    delete (event as Partial<UsageEvent>).cost_cap;
    delete (event as Partial<UsageEvent>).trace;
    expect(usageEventSchema.safeParse(event).success).toBe(true);
  });

  it('has no field for a token key; a v1 event (with the key) parses only as a stored event', () => {
    const { client_request_id: _c, token_name: _n, token_hint: _h, ...rest } = validEvent();
    const v1 = { ...rest, v: 1, client_token: 'sk-test-full-key' };
    expect(usageEventSchema.safeParse(v1).success).toBe(false);
    expect(storedUsageEventSchema.parse(v1)).toMatchObject({ v: 1, client_token: 'sk-test-full-key' });
    expect(storedUsageEventSchema.parse(validEvent())).toEqual(validEvent());
  });

  it('survives a JSON round trip (as it travels over a queue)', () => {
    const event = validEvent();
    expect(usageEventSchema.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('rejects an event without request_id, naming the field', () => {
    const result = usageEventSchema.safeParse(withField('request_id', undefined));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('request_id');
  });

  it('rejects an empty request_id', () => {
    expect(usageEventSchema.safeParse(withField('request_id', '')).success).toBe(false);
  });

  it.each(['1e-6', 'abc', '1.', '.5', '1,5', ' 1', '$2'])('rejects the price string %p', (bad) => {
    const price = { ...validEvent().price!, prompt_per_million: bad };
    const result = usageEventSchema.safeParse(withField('price', price));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['price', 'prompt_per_million']);
  });

  it('rejects a price given as a number instead of a decimal string', () => {
    expect(priceSnapshotSchema.safeParse({ ...validEvent().price!, completion_per_million: 10 }).success).toBe(false);
  });

  it('reads clamped_from as a count, and an event without it (written before it existed) as not clamped', () => {
    expect(usageEventSchema.parse(withField('clamped_from', 32000)).clamped_from).toBe(32000);
    expect(usageEventSchema.safeParse(withField('clamped_from', -1)).success).toBe(false);
    expect(usageEventSchema.parse(validEvent()).clamped_from).toBeUndefined();
  });

  it('carries the attempts of a request through a JSON round trip; an event without them (older) reads as none', () => {
    const attempt_details = [
      { provider: 'a', model: 'm1', key: 'sk-a...1234', status: 503, error: 'upstream a returned 503: busy', ms: 12 },
      { provider: 'b', model: 'm2', key: null, status: 200, error: null, ms: 40 },
    ];
    const event = { ...validEvent(), attempt_details };
    expect(usageEventSchema.parse(JSON.parse(JSON.stringify(event))).attempt_details).toEqual(attempt_details);
    expect(usageEventSchema.parse(validEvent()).attempt_details).toBeUndefined();
    const bad = { ...validEvent(), attempt_details: [{ provider: 'a', model: 'm1', key: null, status: 'x', error: null, ms: 1 }] };
    expect(usageEventSchema.safeParse(bad).success).toBe(false);
  });

  it('rejects a cost_cap that is not a decimal string', () => {
    expect(usageEventSchema.safeParse(withField('cost_cap', '0.2 USD')).success).toBe(false);
    expect(usageEventSchema.safeParse(withField('cost_cap', 0.2)).success).toBe(false);
  });

  it('rejects another event version', () => {
    expect(usageEventSchema.safeParse(withField('v', 3)).success).toBe(false);
  });

  it('rejects a usage_source other than upstream or estimated', () => {
    expect(usageEventSchema.safeParse(withField('usage_source', 'guessed')).success).toBe(false);
  });

  it('rejects fractional ts and negative response times', () => {
    expect(usageEventSchema.safeParse(withField('ts', 1.5)).success).toBe(false);
    expect(usageEventSchema.safeParse(withField('response_time_ms', -1)).success).toBe(false);
  });
});

describe('usageSchema', () => {
  it('rejects negative or fractional token counts and missing fields', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, cached_tokens: 0, reasoning_tokens: 0 };
    expect(usageSchema.safeParse(usage).success).toBe(true);
    expect(usageSchema.safeParse({ ...usage, prompt_tokens: -1 }).success).toBe(false);
    expect(usageSchema.safeParse({ ...usage, completion_tokens: 1.5 }).success).toBe(false);
    const { cached_tokens: _omit, ...missing } = usage;
    expect(usageSchema.safeParse(missing).success).toBe(false);
  });
});
