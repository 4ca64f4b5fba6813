import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { connectRaw, isSessionLost, upstreamError } from './connect';

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
    const dropped = (code: string, message = 'x') => new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
    expect(isSessionLost(dropped('ECONNREFUSED'))).toBe(true);
    expect(isSessionLost(dropped('ECONNRESET'))).toBe(true);
    expect(isSessionLost(dropped('UND_ERR_SOCKET', 'other side closed'))).toBe(true);
    expect(isSessionLost(new Error('Not connected'))).toBe(true);
    expect(isSessionLost(new SseError(undefined, 'SSE error: TypeError: fetch failed', undefined as never))).toBe(true);
    expect(isSessionLost(new Error('Error POSTing to endpoint (HTTP 404): Session not found'))).toBe(true);
  });

  it('is false for a 5xx answer, other errors and fetch failures of other causes (a tools/call is not sent again)', () => {
    expect(isSessionLost(new StreamableHTTPError(500, 'Internal Server Error'))).toBe(false);
    expect(isSessionLost(new StreamableHTTPError(503, 'Unavailable'))).toBe(false);
    expect(isSessionLost(new Error('Error POSTing to endpoint (HTTP 500): boom'))).toBe(false);
    expect(isSessionLost(new Error('boom'))).toBe(false);
    expect(isSessionLost(new SseError(500, 'Internal Server Error', undefined as never))).toBe(false);
    expect(isSessionLost({ message: 'anything' })).toBe(false);
    expect(isSessionLost(new TypeError('fetch failed', { cause: Object.assign(new Error('bad cert'), { code: 'CERT_HAS_EXPIRED' }) }))).toBe(false);
    expect(isSessionLost(new StreamableHTTPError(401, 'Unauthorized'))).toBe(false);
    expect(isSessionLost(new McpError(ErrorCode.InvalidParams, 'bad'))).toBe(false);
    expect(isSessionLost(new McpError(ErrorCode.RequestTimeout, 'slow'))).toBe(false);
  });
});

describe('connectRaw', () => {
  it('gives up on a legacy SSE server that accepts the stream but never sends its endpoint, and closes the stream', async () => {
    const streams: ServerResponse[] = [];
    let closed = 0;
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': hello\n\n');
      streams.push(res);
      req.on('close', () => (closed += 1));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const started = Date.now();
      const err = await connectRaw({ name: 'mute', transport: 'sse', url: `http://127.0.0.1:${port}/sse`, timeoutMs: 100 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(14_000);
      expect(upstreamError({ name: 'mute', transport: 'sse', timeoutMs: 100 }, err).kind).toBe('timeout');
      expect(streams).toHaveLength(1);
      await waitUntil(() => closed === 1);
    } finally {
      for (const res of streams) res.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 20_000);
});

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(check()).toBe(true);
}
