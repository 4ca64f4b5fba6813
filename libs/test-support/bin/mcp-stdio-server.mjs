// A stdio MCP server for tests, on the official SDK: `node mcp-stdio-server.mjs <label>`.
// Tools: echo (answers), fail (a tool error), hang (never answers), env (MCP_TEST_VALUE).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const label = process.argv[2] ?? 'stdio';
const server = new McpServer({ name: `test-${label}`, version: '1.0.0' });
server.registerTool('echo', { description: 'Echoes its text', inputSchema: { text: z.string() } }, async ({ text }) => ({
  content: [{ type: 'text', text: `${label}: ${text}` }],
}));
server.registerTool('fail', { description: 'Always fails' }, async () => ({ isError: true, content: [{ type: 'text', text: `${label} tool failed on purpose` }] }));
server.registerTool('hang', { description: 'Never answers' }, async () => new Promise(() => undefined));
server.registerTool('env', { description: 'Reads MCP_TEST_VALUE' }, async () => ({ content: [{ type: 'text', text: process.env.MCP_TEST_VALUE ?? '(unset)' }] }));
await server.connect(new StdioServerTransport());
