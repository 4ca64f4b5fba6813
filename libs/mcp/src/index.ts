export { McpUpstreamError, scrubSecrets } from './errors';
export { type McpTransportKind, type McpUpstreamSpec, secretsOf, sameSpec, upstreamSpecOf } from './spec';
export { probeMcpServer } from './probe';
export { GATEWAY_CLIENT_INFO, upstreamError } from './connect';
export { collectPages, MAX_LIST_PAGES } from './pages';
export { McpUpstreamPool, type McpUpstreamPoolOptions } from './pool';
export { McpAllowList } from './allow-list';
export { TOOL_SEPARATOR, aggregatedName, splitAggregatedName, isValidToolName, compareNames } from './names';
export type { Tool, CallToolResult } from '@modelcontextprotocol/sdk/types.js';
