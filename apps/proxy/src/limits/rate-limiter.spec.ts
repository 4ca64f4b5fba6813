import { InMemoryRateLimiter, LIMIT_WINDOW_MS, type TokenLimits } from './rate-limiter';

const none: TokenLimits = { rpm: null, tpm: null, concurrency: null };

describe('InMemoryRateLimiter', () => {
  let now: number;
  let limiter: InMemoryRateLimiter;
  let seq: number;
  const admit = (limits: Partial<TokenLimits>, estimate = 0, tokenId = 1) => limiter.admit(tokenId, { ...none, ...limits }, estimate, `r${++seq}`);

  beforeEach(() => {
    now = 1_000_000;
    seq = 0;
    limiter = new InMemoryRateLimiter(() => now);
  });

  it('admits rpm requests in a window, refuses the next until the oldest leaves it, to the millisecond', async () => {
    for (let i = 0; i < 3; i++) {
      const { outcome } = await admit({ rpm: 3 });
      expect(outcome.admitted).toBe(true);
      expect(outcome.requests?.remaining).toBe(2 - i);
      now += 1000;
    }
    // now = start + 3000; the first entry leaves at start + 60000.
    const refused = await admit({ rpm: 3 });
    expect(refused.admission).toBeUndefined();
    expect(refused.outcome).toMatchObject({ admitted: false, retryAfterMs: LIMIT_WINDOW_MS - 3000, requests: { limit: 3, remaining: 0, resetMs: 57_000 } });
    now += 57_000 - 1;
    expect((await admit({ rpm: 3 })).outcome.admitted).toBe(false);
    now += 1;
    expect((await admit({ rpm: 3 })).outcome.admitted).toBe(true);
    // The second entry (start + 1000) is the next to leave.
    expect((await admit({ rpm: 3 })).outcome).toMatchObject({ admitted: false, retryAfterMs: 1000 });
  });

  it('peek shows the limits as they stand and counts nothing', async () => {
    const limits = { ...none, rpm: 2, tpm: 1000 };
    expect(await limiter.peek(1, limits)).toEqual({ requests: { limit: 2, remaining: 2, resetMs: LIMIT_WINDOW_MS }, tokens: { limit: 1000, remaining: 1000, resetMs: LIMIT_WINDOW_MS } });
    await limiter.admit(1, limits, 300, 'a');
    for (let i = 0; i < 3; i++) expect(await limiter.peek(1, limits)).toMatchObject({ requests: { remaining: 1 }, tokens: { remaining: 700 } });
    expect((await limiter.admit(1, limits, 300, 'b')).outcome).toMatchObject({ admitted: true, requests: { remaining: 0 }, tokens: { remaining: 400 } });
    expect(await limiter.peek(1, limits)).toMatchObject({ requests: { remaining: 0 } });
  });

  it('keeps tokens apart', async () => {
    expect((await admit({ rpm: 1 }, 0, 1)).outcome.admitted).toBe(true);
    expect((await admit({ rpm: 1 }, 0, 2)).outcome.admitted).toBe(true);
    expect((await admit({ rpm: 1 }, 0, 1)).outcome.admitted).toBe(false);
  });

  it('holds the token estimate, then counts the actual usage once settled', async () => {
    const first = await admit({ tpm: 1000 }, 600);
    expect(first.outcome.tokens).toEqual({ limit: 1000, remaining: 400, resetMs: LIMIT_WINDOW_MS });
    now += 10_000;
    const second = await admit({ tpm: 1000 }, 600);
    expect(second.outcome).toMatchObject({ admitted: false, retryAfterMs: 50_000, tokens: { remaining: 400 } });
    await limiter.settle(first.admission!, 100);
    const third = await admit({ tpm: 1000 }, 600);
    expect(third.outcome).toMatchObject({ admitted: true, tokens: { remaining: 300 } });
    // 100 + 600 held; 600 more fits only once both entries left: the second at now + 60 s.
    now += 1000;
    expect((await admit({ tpm: 1000 }, 600)).outcome).toMatchObject({ admitted: false, retryAfterMs: 59_000 });
  });

  it('admits an estimate above the whole limit only into an empty window (cut to the limit)', async () => {
    const big = await admit({ tpm: 100 }, 5000);
    expect(big.outcome).toMatchObject({ admitted: true, tokens: { remaining: 0 } });
    expect((await admit({ tpm: 100 }, 1)).outcome.admitted).toBe(false);
  });

  it('counts requests in flight and frees a slot when one ends', async () => {
    const a = await admit({ concurrency: 2 });
    await admit({ concurrency: 2 });
    const refused = await admit({ concurrency: 2 });
    expect(refused.outcome).toMatchObject({ admitted: false, retryAfterMs: 1000 });
    await limiter.settle(a.admission!, 0);
    expect((await admit({ concurrency: 2 })).outcome.admitted).toBe(true);
  });

  it('counts nothing for a refused request: a refusal by one limit takes no share of another', async () => {
    await admit({ concurrency: 1 });
    expect((await admit({ rpm: 5, concurrency: 1 })).outcome.admitted).toBe(false);
    const next = await admit({ rpm: 5 });
    expect(next.outcome.requests?.remaining).toBe(4);
  });
});
