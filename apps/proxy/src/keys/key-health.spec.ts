import { InMemoryKeyHealthStorage, InProcessChangeBus, type ChangeBus } from '@aigw/events';
import { GatewayError } from '@aigw/shared-errors';
import type { ProviderKeyWithSecret } from '@aigw/store';
import { createLogger } from '@aigw/telemetry';
import { KeyHealth } from './key-health';
import { retryAfterMs } from './key-state';

function key(id: number): ProviderKeyWithSecret {
  return { id, provider_id: 1, key: `sk-${id}`, key_hint: `sk-${id}`, enabled: true, invalid: null, created_at: new Date(0) };
}

function setupWith(breaker = { failures: 3, openMs: 10_000 }, bus?: ChangeBus) {
  let now = 1_000_000;
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  const storage = new InMemoryKeyHealthStorage(clock.now);
  const invalid: string[] = [];
  const health = new KeyHealth({
    storage,
    breaker,
    logger: createLogger({ level: 'silent', timezone: 'UTC' }),
    onInvalid: async (k, _p, reason) => void invalid.push(`${k.id}:${reason}`),
    probeTtlMs: 5000,
    bus,
    now: clock.now,
  });
  const ids = async (keys: ProviderKeyWithSecret[]) => (await health.usable('p', keys)).map((k) => k.id);
  return { clock, storage, health, invalid, ids };
}

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe.each([
  ['reading the storage on every request', false],
  ['records cached, changes announced on a change bus', true],
])('key health state machine (%s)', (_how, cached) => {
  const setup = (breaker?: { failures: number; openMs: number }) => setupWith(breaker, cached ? new InProcessChangeBus() : undefined);
  const a = key(1);
  const b = key(2);

  it('an invalid key is left out for good and onInvalid is told once', async () => {
    const { health, invalid, ids, clock } = setup();
    await health.report(a, 'p', { kind: 'invalid', reason: 'unauthorized', message: 'bad key' });
    await health.report(a, 'p', { kind: 'invalid', reason: 'unauthorized', message: 'bad key' });
    expect(invalid).toEqual(['1:unauthorized']);
    clock.advance(24 * 3600_000);
    expect(await ids([a, b])).toEqual([2]);
    await health.report(a, 'p', { kind: 'success' });
    expect(await ids([a, b])).toEqual([2]);
  });

  it('a 429 with retry-after cools the key for exactly that long', async () => {
    const { health, ids, clock } = setup();
    await health.report(a, 'p', { kind: 'rate_limited', retryAfterMs: 2000, message: '429' });
    expect(await ids([a, b])).toEqual([2]);
    clock.advance(1999);
    expect(await ids([a, b])).toEqual([2]);
    clock.advance(1);
    expect(await ids([a, b])).toEqual([1, 2]);
  });

  it('a 429 without retry-after cools 1 s, doubling to 60 s; a success resets the step', async () => {
    const { health, storage, clock } = setup();
    const steps: number[] = [];
    for (let i = 0; i < 8; i++) {
      await health.report(a, 'p', { kind: 'rate_limited', retryAfterMs: undefined, message: '429' });
      const record = (await storage.read([1])).records.get(1)!;
      steps.push(record.cool_until - clock.now());
    }
    expect(steps).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    clock.advance(60_000);
    await health.usable('p', [a]);
    await health.report(a, 'p', { kind: 'success' });
    await health.report(a, 'p', { kind: 'rate_limited', retryAfterMs: undefined, message: '429' });
    expect((await storage.read([1])).records.get(1)!.cool_until - clock.now()).toBe(1000);
  });

  it('all keys cooling: 429 upstream_rate_limited with the soonest retry-after', async () => {
    const { health } = setup();
    await health.report(a, 'p', { kind: 'rate_limited', retryAfterMs: 7000, message: '429' });
    await health.report(b, 'p', { kind: 'rate_limited', retryAfterMs: 2500, message: '429' });
    const err = await refusal(health.usable('p', [a, b]));
    expect(err.status).toBe(429);
    expect(err.code).toBe('upstream_rate_limited');
    expect(err.headers).toEqual({ 'retry-after': '3' });
  });

  it('every key invalid: 503 no_upstream_key', async () => {
    const { health } = setup();
    await health.report(a, 'p', { kind: 'invalid', reason: 'unauthorized', message: 'x' });
    const err = await refusal(health.usable('p', [a]));
    expect(err.status).toBe(503);
    expect(err.code).toBe('no_upstream_key');
  });

  it('the breaker opens after N failures in a row, lets one probe through after T, and closes on its success', async () => {
    const { health, ids, clock } = setup();
    await health.report(a, 'p', { kind: 'failure', message: '500' });
    await health.report(a, 'p', { kind: 'failure', message: '500' });
    expect(await ids([a, b])).toEqual([1, 2]);
    await health.report(a, 'p', { kind: 'failure', message: '500' });
    expect(await ids([a, b])).toEqual([2]);
    const open = await refusal(health.usable('p', [a]));
    expect(open.status).toBe(503);
    expect(open.headers).toEqual({ 'retry-after': '10' });
    clock.advance(10_000);
    expect(await ids([a, b])).toEqual([1, 2]);
    // Half-open: the probe is claimed, so nobody else sends to the key meanwhile.
    expect(await ids([a, b])).toEqual([2]);
    await health.report(a, 'p', { kind: 'success' });
    expect(await ids([a, b])).toEqual([1, 2]);
    await health.report(a, 'p', { kind: 'failure', message: '500' });
    expect(await ids([a, b])).toEqual([1, 2]);
  });

  it('a failed half-open probe opens the breaker again at once', async () => {
    const { health, ids, clock } = setup({ failures: 1, openMs: 5000 });
    await health.report(a, 'p', { kind: 'failure', message: 'refused' });
    clock.advance(5000);
    expect(await ids([a])).toEqual([1]);
    await health.report(a, 'p', { kind: 'failure', message: 'refused' });
    expect(await ids([a, b])).toEqual([2]);
    clock.advance(4999);
    expect(await ids([a, b])).toEqual([2]);
  });

  it('a success between failures resets the count', async () => {
    const { health, ids } = setup();
    for (let i = 0; i < 5; i++) {
      await health.report(a, 'p', { kind: 'failure', message: '502' });
      await health.usable('p', [a]);
      await health.report(a, 'p', { kind: 'success' });
    }
    expect(await ids([a])).toEqual([1]);
  });

  it('usableNow answers what usable does without a wait, and leaves a half-open probe to usable', async () => {
    const { health, clock } = setup({ failures: 1, openMs: 5000 });
    const now = (keys: ProviderKeyWithSecret[]) => health.usableNow('p', keys)?.map((k) => k.id);
    await health.usable('p', [a, b]);
    expect(now([a, b])).toEqual([1, 2]);
    await health.report(a, 'p', { kind: 'failure', message: 'refused' });
    await health.usable('p', [a, b]);
    expect(now([a, b])).toEqual([2]);
    expect(() => health.usableNow('p', [a])).toThrow(GatewayError);
    clock.advance(5000);
    expect((await health.usable('p', [a])).map((k) => k.id)).toEqual([1]);
    expect(now([a])).toBeUndefined();
  });
});

describe('key health of two proxies sharing a storage and a change bus', () => {
  const a = key(1);
  const b = key(2);

  it('a key one marks invalid or cools is skipped by the other at once, though it had the record cached', async () => {
    const storage = new InMemoryKeyHealthStorage();
    const bus = new InProcessChangeBus();
    const make = () =>
      new KeyHealth({ storage, bus, breaker: { failures: 3, openMs: 10_000 }, logger: createLogger({ level: 'silent', timezone: 'UTC' }), onInvalid: async () => undefined, probeTtlMs: 5000 });
    const [one, other] = [make(), make()];
    const ids = async (health: KeyHealth) => (await health.usable('p', [a, b])).map((k) => k.id);
    expect(await ids(other)).toEqual([1, 2]);
    await one.report(a, 'p', { kind: 'invalid', reason: 'unauthorized', message: 'bad key' });
    expect(await ids(other)).toEqual([2]);
    await one.report(b, 'p', { kind: 'rate_limited', retryAfterMs: 60_000, message: '429' });
    expect((await refusal(other.usable('p', [a, b]))).code).toBe('upstream_rate_limited');
    // The operator re-enables them (admin API: records cleared, then a config notice).
    await storage.clear(1);
    await storage.clear(2);
    await bus.publish({ type: 'config', what: 'keys' });
    expect(await ids(other)).toEqual([1, 2]);
    one.close();
    other.close();
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
