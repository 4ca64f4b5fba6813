import path from 'node:path';

/**
 * A stdio MCP server for tests (`node <this> <label>`): the same tools as the HTTP test servers,
 * plus `env` answering the value of its MCP_TEST_VALUE environment variable.
 */
export const MCP_STDIO_SERVER_SCRIPT = path.join(__dirname, '..', '..', 'bin', 'mcp-stdio-server.mjs');
