import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l)) };
}

describe('createLogger', () => {
  it('writes time as YYYY-MM-DD HH:mm:ss.SSS in the configured zone', () => {
    const out = capture();
    const log = createLogger({ level: 'info', timezone: 'Asia/Shanghai' }, out.stream);
    const before = Date.now();
    log.info('hello');
    const line = out.lines()[0]!;
    expect(line.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    const asUtc = Date.parse(String(line.time).replace(' ', 'T') + '+08:00');
    expect(Math.abs(asUtc - before)).toBeLessThan(2000);
    expect(line.level).toBe('info');
  });

  it('redacts authorization headers and keys', () => {
    const out = capture();
    const log = createLogger({ level: 'info', timezone: 'UTC' }, out.stream);
    log.info({ req: { headers: { authorization: 'Bearer sk-secret', 'x-api-key': 'sk-ant' } }, provider: { key: 'sk-up' } }, 'r');
    const text = JSON.stringify(out.lines()[0]);
    expect(text).not.toContain('sk-secret');
    expect(text).not.toContain('sk-ant');
    expect(text).not.toContain('sk-up');
    expect(text).toContain('[redacted]');
  });

  it('redacts client tokens of usage events written to the log', () => {
    const out = capture();
    const log = createLogger({ level: 'info', timezone: 'UTC' }, out.stream);
    log.error({ event: { request_id: 'r1', token_id: 7, client_token: 'sk-aigw-one' } }, 'undelivered');
    log.error({ events: [{ request_id: 'r2', token_id: 7, client_token: 'sk-aigw-two' }] }, 'undelivered');
    const [one, two] = out.lines() as { event: Record<string, unknown>; events: Record<string, unknown>[] }[];
    expect(one!.event).toEqual({ request_id: 'r1', token_id: 7, client_token: '[redacted]' });
    expect(two!.events[0]).toEqual({ request_id: 'r2', token_id: 7, client_token: '[redacted]' });
  });

  it('redacts upstream keys of usage events written to the log (logging.key_display plain)', () => {
    const out = capture();
    const log = createLogger({ level: 'info', timezone: 'UTC' }, out.stream);
    log.error({ event: { request_id: 'r1', api_key: 'sk-upstream-one' } }, 'undelivered');
    log.error({ events: [{ request_id: 'r2', api_key: 'sk-upstream-two' }, { request_id: 'r3', api_key: null }] }, 'undelivered');
    const text = out.lines().map((l) => JSON.stringify(l)).join('\n');
    expect(text).not.toContain('sk-upstream-one');
    expect(text).not.toContain('sk-upstream-two');
    const [one, two] = out.lines() as { event: Record<string, unknown>; events: Record<string, unknown>[] }[];
    expect(one!.event).toEqual({ request_id: 'r1', api_key: '[redacted]' });
    expect(two!.events[0]).toEqual({ request_id: 'r2', api_key: '[redacted]' });
  });
});
