import { upstreamError } from './connect';
import { secretsOf, upstreamSpecOf } from './spec';

describe('secretsOf', () => {
  const spec = { name: 'gh', transport: 'streamable_http' as const, url: 'http://x/mcp', headers: { Authorization: 'Bearer sk-bare-98765', 'X-Basic': 'Basic dXNlcjpwdw==', 'X-Other': 'Token tk-4321' }, timeoutMs: 1000 };

  it('holds each header value and, for a Bearer, Basic or Token scheme, the credential after it', () => {
    expect(secretsOf(spec)).toEqual(expect.arrayContaining(['Bearer sk-bare-98765', 'sk-bare-98765', 'dXNlcjpwdw==', 'tk-4321']));
  });

  it('scrubs a bare token an upstream echoes without its scheme', () => {
    expect(upstreamError(spec, new Error('token sk-bare-98765 is revoked; tk-4321 too; dXNlcjpwdw==')).message).toBe('MCP server gh: token *** is revoked; *** too; ***');
  });
});

describe('upstreamSpecOf', () => {
  it('takes a stored server to its spec, the default timeout when it has none', () => {
    const row = { name: 'gh', transport: 'stdio', url: null, headers: null, command: 'node', args: ['s.js'], env: { K: 'v' }, timeout_ms: null } as never;
    expect(upstreamSpecOf(row, 30_000)).toEqual({ name: 'gh', transport: 'stdio', command: 'node', args: ['s.js'], env: { K: 'v' }, timeoutMs: 30_000 });
  });
});
