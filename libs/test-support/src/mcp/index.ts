export { startTestMcpServer, type TestMcpHttpServer } from './http-server';
export { MCP_STDIO_SERVER_SCRIPT } from './stdio-server';
export type { McpToolCall } from './tools';
