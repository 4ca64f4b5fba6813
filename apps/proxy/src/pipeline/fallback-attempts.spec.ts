import { GatewayError } from '@aigw/shared-errors';
import { canFailOver } from './fallback-attempts';

describe('canFailOver', () => {
  it.each([
    ['a connection error (no upstream status)', new GatewayError('upstream_error', 'connect ECONNREFUSED'), true],
    ['a timeout', new GatewayError('upstream_timeout', 'timed out'), true],
    ['an upstream 429', GatewayError.fromUpstream(429, 'slow down', 'p'), true],
    ['an upstream 503', GatewayError.fromUpstream(503, 'busy', 'p'), true],
    ['an upstream 500', GatewayError.fromUpstream(500, 'oops', 'p'), true],
    ['no usable key at the provider (503)', new GatewayError('no_upstream_key', 'every key cooling'), true],
    ['every key cooling as a 429', new GatewayError('no_upstream_key', 'every key cooling', { status: 429 }), true],
    ['an upstream 400', GatewayError.fromUpstream(400, 'bad field', 'p'), false],
    ['an upstream 401 (the key is invalid)', GatewayError.fromUpstream(401, 'bad key', 'p'), true],
    ['an upstream 403 saying the key has no quota', GatewayError.fromUpstream(403, '{"error":{"message":"insufficient quota"}}', 'p'), true],
    ['an upstream 403 about the request', GatewayError.fromUpstream(403, '{"error":{"message":"not in your region"}}', 'p'), false],
    ['an upstream 404', GatewayError.fromUpstream(404, 'no such model', 'p'), false],
    ['an invalid request', new GatewayError('invalid_request', 'bad body'), false],
    ['a bug (not a GatewayError)', new Error('boom'), false],
  ])('%s -> %s', (_what, err, expected) => {
    expect(canFailOver(err)).toBe(expected);
  });
});
