import Big from 'big.js';
import { MCP_TRANSPORTS, type NewMcpServer } from '../mcp-types';
import { mcpServerNameProblem } from '../mcp-names';
import { StoreError } from '../store-error';
import { hasControlChars } from '../text.util';

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** decimal(20, 10): at most 10 places, below 10^10. */
const DECIMAL = /^\d{1,10}(\.\d{1,10})?$/;
const INT32_MAX = 2 ** 31 - 1;

function invalid(name: string, message: string): never {
  throw new StoreError('invalid', `MCP server "${name}": ${message}`);
}

/** The price as the store keeps it (`0.0100` -> `0.01`); throws invalid for anything else. */
export function normalisePrice(name: string, field: string, value: string): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) invalid(name, `${field} must be a non-negative decimal string with at most 10 places (e.g. "0.002"), got ${JSON.stringify(value)}`);
  return new Big(value).toString();
}

function checkUrl(name: string, url: string | null | undefined): void {
  if (url === null || url === undefined || url === '') invalid(name, 'url is required for the streamable_http and sse transports');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalid(name, `url "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') invalid(name, `url "${url}" must be http or https`);
  if (parsed.username || parsed.password) invalid(name, 'url must not carry credentials: give them as headers or bearer');
}

function checkHeaders(name: string, headers: Record<string, string> | null | undefined): void {
  if (headers === null || headers === undefined) return;
  for (const [header, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(header)) invalid(name, `header name ${JSON.stringify(header)} is not a valid HTTP header name`);
    if (typeof value !== 'string' || hasControlChars(value.replace(/\t/g, ' '))) invalid(name, `header "${header}" must be a string without control characters`);
  }
}

function checkStdio(name: string, s: NewMcpServer): void {
  if ((s.source ?? 'api') !== 'config') invalid(name, 'stdio servers can be declared only in the config file');
  if (!s.command || hasControlChars(s.command)) invalid(name, 'command is required for the stdio transport');
  if (s.url) invalid(name, 'a stdio server has no url');
  if (s.headers && Object.keys(s.headers).length > 0) invalid(name, 'a stdio server has no headers');
  if (s.args !== null && s.args !== undefined && (!Array.isArray(s.args) || s.args.some((a) => typeof a !== 'string'))) invalid(name, 'args must be an array of strings');
  for (const [key, value] of Object.entries(s.env ?? {})) {
    if (!ENV_NAME.test(key)) invalid(name, `env name ${JSON.stringify(key)} is not a valid variable name`);
    if (typeof value !== 'string') invalid(name, `env "${key}" must be a string`);
  }
}

/** Checks a whole server (a new one, or an existing one with a patch applied); throws StoreError invalid. */
export function checkMcpServer(s: NewMcpServer): void {
  const problem = mcpServerNameProblem(s.name);
  if (problem) throw new StoreError('invalid', problem);
  if (!MCP_TRANSPORTS.includes(s.transport)) invalid(s.name, `transport must be one of ${MCP_TRANSPORTS.join(', ')}, got ${JSON.stringify(s.transport)}`);
  if (s.source !== undefined && s.source !== 'api' && s.source !== 'config') invalid(s.name, `source must be api or config`);
  if (s.transport === 'stdio') checkStdio(s.name, s);
  else {
    checkUrl(s.name, s.url);
    checkHeaders(s.name, s.headers);
    if (s.command || (s.args && s.args.length > 0) || (s.env && Object.keys(s.env).length > 0)) invalid(s.name, 'command, args and env are for the stdio transport only');
  }
  if (s.timeout_ms !== null && s.timeout_ms !== undefined && (!Number.isInteger(s.timeout_ms) || s.timeout_ms < 1 || s.timeout_ms > INT32_MAX)) {
    invalid(s.name, `timeout_ms must be a positive integer, got ${JSON.stringify(s.timeout_ms)}`);
  }
  if (s.call_price !== null && s.call_price !== undefined) normalisePrice(s.name, 'call_price', s.call_price);
  for (const [tool, price] of Object.entries(s.tool_prices ?? {})) normalisePrice(s.name, `tool_prices["${tool}"]`, price);
}
