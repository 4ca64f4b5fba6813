import { anthropicErrorType, openAiErrorType } from './codes';
import type { GatewayError } from './gateway-error';

export interface OpenAiErrorBody {
  error: { message: string; type: string; code: string; param: string | null };
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** A JSON-RPC error, as the MCP endpoints answer what fails before (or outside) JSON-RPC handling. */
export interface McpErrorBody {
  jsonrpc: '2.0';
  id: null;
  error: { code: number; message: string; data: { code: string } };
}

export type ErrorBodyStyle = 'openai' | 'anthropic' | 'mcp';

export function toOpenAiErrorBody(err: GatewayError): OpenAiErrorBody {
  return { error: { message: err.message, type: openAiErrorType(err.status), code: err.code, param: err.param } };
}

export function toAnthropicErrorBody(err: GatewayError): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(err.status), message: err.message } };
}

/** JSON-RPC codes: -32600 for a bad request, -32001 for an unknown session or server (as the MCP SDK), else -32000. */
export function toMcpErrorBody(err: GatewayError): McpErrorBody {
  const code = err.status === 400 ? -32600 : err.status === 404 ? -32001 : -32000;
  return { jsonrpc: '2.0', id: null, error: { code, message: err.message, data: { code: err.code } } };
}

export function renderErrorBody(err: GatewayError, style: ErrorBodyStyle): OpenAiErrorBody | AnthropicErrorBody | McpErrorBody {
  if (style === 'mcp') return toMcpErrorBody(err);
  return style === 'anthropic' ? toAnthropicErrorBody(err) : toOpenAiErrorBody(err);
}
