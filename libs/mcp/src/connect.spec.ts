import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { isSessionLost, upstreamError } from './connect';

const spec = { name: 'gh', transport: 'streamable_http' as const, url: 'http://x/mcp', headers: { Authorization: 'Bearer sk-live-123456', 'X-Key': 'k-abcdef' }, timeoutMs: 1000 };

describe('upstreamError', () => {
  it('keeps an upstream JSON-RPC error code and message, without the SDK prefix and with the credentials scrubbed', () => {
    const err = upstreamError(spec, new McpError(ErrorCode.InvalidParams, 'key k-abcdef refused for Bearer sk-live-123456'));
    expect(err.message).toBe('MCP server gh: key *** refused for ***');
    expect(err.kind).toBe('answer');
    expect(err.rpcCode).toBe(ErrorCode.InvalidParams);
  });

  it('calls a request timeout a timeout and a fetch failure a connection failure, with its cause', () => {
    expect(upstreamError(spec, new McpError(ErrorCode.RequestTimeout, 'Request timed out')).kind).toBe('timeout');
    const fetchFailed = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    const err = upstreamError(spec, fetchFailed);
    expect(err.kind).toBe('connection');
    expect(err.message).toBe('MCP server gh: fetch failed (connect ECONNREFUSED 127.0.0.1:9)');
  });
});

describe('isSessionLost', () => {
  it('is true for a 404 session, a closed connection and transport failures; false for answers and timeouts', () => {
    expect(isSessionLost(new StreamableHTTPError(404, 'Session not found'))).toBe(true);
    expect(isSessionLost(new McpError(ErrorCode.ConnectionClosed, 'closed'))).toBe(true);
    expect(isSessionLost(new TypeError('fetch failed'))).toBe(true);
    expect(isSessionLost(new StreamableHTTPError(401, 'Unauthorized'))).toBe(false);
    expect(isSessionLost(new McpError(ErrorCode.InvalidParams, 'bad'))).toBe(false);
    expect(isSessionLost(new McpError(ErrorCode.RequestTimeout, 'slow'))).toBe(false);
  });
});
