/**
 * An upstream MCP server failed: it could not be reached, refused the connection, answered with a
 * JSON-RPC error or did not answer in time. The message is the upstream's, with the server's
 * credentials (header and env values) scrubbed.
 */
export class McpUpstreamError extends Error {
  override readonly name = 'McpUpstreamError';

  constructor(
    message: string,
    /** What failed: the connection (unreachable, refused, lost), a timeout, or an answer (JSON-RPC error). */
    readonly kind: 'connection' | 'timeout' | 'answer',
    /** The upstream's JSON-RPC error code when it answered with one. */
    readonly rpcCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const MASK = '***';
/** Credentials shorter than this are not scrubbed (a one-letter value would mask half a message). */
const MIN_SECRET_LENGTH = 4;

/** The message with every secret (and anything after `Bearer `) replaced by ***. */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  const sorted = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(MASK);
  return out.replace(/(Bearer\s+)[^\s"',]+/gi, `$1${MASK}`);
}
