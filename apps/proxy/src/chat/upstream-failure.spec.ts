import { GatewayError } from '@aigw/shared-errors';
import { scrubbedError, scrubbedUnexpected, upstreamAnswerError, upstreamFailure } from './upstream-failure';

const KEY = { key: 'sk-secret-0001-abcdefghijklmnop', key_hint: 'sk-s...mnop' };

describe('upstream failures are scrubbed of the provider keys', () => {
  it('a connection error naming a URL with the key gives its hint, and keeps no cause', () => {
    const err = Object.assign(new Error(`connect ECONNREFUSED https://relay.example/v1?key=${KEY.key}`), { code: 'ECONNREFUSED' });
    const failure = upstreamFailure(err, 'oai', [KEY]);
    expect(failure.code).toBe('upstream_error');
    expect(failure.message).toBe('upstream oai connection failed: connect ECONNREFUSED https://relay.example/v1?key=sk-s...mnop');
    expect(failure.cause).toBeUndefined();
    expect(failure.stack).not.toContain(KEY.key);
  });

  it('a timeout stays upstream_timeout', () => {
    expect(upstreamFailure(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'oai', [KEY]).code).toBe('upstream_timeout');
  });

  it('an error answer is scrubbed before the body is cut to 4 KiB, so no key is cut in half', () => {
    const body = 'x'.repeat(4090) + KEY.key;
    const err = upstreamAnswerError(401, body, 'oai', [KEY]);
    expect(err.status).toBe(401);
    expect(err.upstream?.body).not.toContain(KEY.key.slice(0, 6));
    expect(err.message).not.toContain(KEY.key);
  });

  it('a gateway error built from upstream bytes is rebuilt scrubbed, code and status kept', () => {
    const err = new GatewayError('upstream_error', `not JSON: ${KEY.key}`, { upstream: { body: `body ${KEY.key}` } });
    const scrubbed = scrubbedError(err, [KEY]);
    expect(scrubbed).toMatchObject({ code: 'upstream_error', status: 502, message: 'not JSON: sk-s...mnop', upstream: { body: 'body sk-s...mnop' } });
    expect(upstreamFailure(err, 'oai', [KEY]).message).toBe('not JSON: sk-s...mnop');
  });

  it('an unexpected error quoting the answer keeps its name but not the key, in message or stack', () => {
    const thrown = new TypeError(`cannot read the answer: ${KEY.key}`);
    const copy = scrubbedUnexpected(thrown, [KEY]) as Error;
    expect(copy.name).toBe('TypeError');
    expect(copy.message).toBe('cannot read the answer: sk-s...mnop');
    expect(copy.stack).not.toContain(KEY.key);
  });
});
