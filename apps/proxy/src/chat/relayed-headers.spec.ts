import { relayedHeadersOf } from './relayed-headers';

describe('relayedHeadersOf', () => {
  it('keeps back-off and rate-limit headers under their names, nothing else', () => {
    const relayed = relayedHeadersOf({
      'retry-after': '3',
      'retry-after-ms': '2500',
      'x-should-retry': 'false',
      'x-ratelimit-limit-requests': '500',
      'anthropic-ratelimit-tokens-reset': '2026-12-01T15:00:00Z',
      'content-type': 'application/json',
      'set-cookie': ['a=1'],
      'openai-organization': 'org-secret',
      server: 'cloudflare',
    });
    expect(relayed).toEqual({
      'retry-after': '3',
      'retry-after-ms': '2500',
      'x-should-retry': 'false',
      'x-ratelimit-limit-requests': '500',
      'anthropic-ratelimit-tokens-reset': '2026-12-01T15:00:00Z',
    });
  });

  it('names the upstream request id x-upstream-request-id: request-id (Anthropic) first, else x-request-id', () => {
    expect(relayedHeadersOf({ 'request-id': 'req_ant', 'x-request-id': 'other' })).toEqual({ 'x-upstream-request-id': 'req_ant' });
    expect(relayedHeadersOf({ 'x-request-id': 'req_oai' })).toEqual({ 'x-upstream-request-id': 'req_oai' });
    expect(relayedHeadersOf({ 'x-request-id': '' })).toEqual({});
  });
});
