import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { McpUpstreamError } from '@aigw/mcp';
import { isGatewayError } from '@aigw/shared-errors';
import type { RequestRecord } from '../record/request-record';

/** JSON-RPC's implementation-defined server error: the gateway refused (insufficient_balance, ...). */
const GATEWAY_REFUSAL = -32000;

/**
 * A JSON-RPC error as the SDK server sends it (code, message, data), with the message as given
 * (the SDK's McpError prefixes its own "MCP error <code>:", which the client adds again).
 */
export class McpRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: { code: string },
  ) {
    super(message);
  }
}

/**
 * A failure answered inside JSON-RPC (HTTP 200): the client gets the MCP error shape, with
 * `data.code` naming the gateway's reason (`insufficient_balance`, `tool_not_allowed`, ...), and the
 * row gets the HTTP status the failure would have had, with its message.
 */
export function mcpFailure(record: RequestRecord, err: unknown): Error {
  const { error, status } = toMcpError(err);
  record.failure = { message: error.message };
  record.statusOverride = status;
  return error;
}

function toMcpError(err: unknown): { error: Error; status: number } {
  if (err instanceof McpUpstreamError) {
    if (err.kind === 'timeout') return { error: new McpRpcError(ErrorCode.RequestTimeout, err.message, { code: 'upstream_timeout' }), status: 504 };
    if (err.kind === 'answer' && err.rpcCode !== undefined) return { error: new McpRpcError(err.rpcCode, err.message, { code: 'upstream_error' }), status: 502 };
    return { error: new McpRpcError(ErrorCode.InternalError, err.message, { code: 'upstream_error' }), status: 502 };
  }
  if (isGatewayError(err)) {
    // A request the token may not make is invalid params (as the SDK answers an unknown tool); the
    // gateway's other refusals (insufficient_balance, ...) are -32000, the implementation-defined server error.
    const code = err.status === 400 || err.status === 403 || err.status === 404 ? ErrorCode.InvalidParams : GATEWAY_REFUSAL;
    return { error: new McpRpcError(code, err.message, { code: err.code }), status: err.status };
  }
  if (err instanceof McpError) return { error: err, status: 400 };
  return { error: new McpRpcError(ErrorCode.InternalError, 'internal error'), status: 500 };
}
