import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/** What the test MCP servers' tools saw: one entry per call, in order. */
export interface McpToolCall {
  tool: string;
  args: Record<string, unknown>;
  /** The Authorization header of the HTTP request that carried the call (HTTP transports). */
  authorization?: string;
}

export interface McpToolOptions {
  /** Server name in answers (`echo` says which server answered). */
  label: string;
  calls: McpToolCall[];
  /** Extra tools added at run time (`addTool`), each answering `<name> ok`. */
  extraTools: Set<string>;
}

/**
 * The tools every test MCP server offers: `echo` answers, `fail` is a tool error (isError result),
 * `hang` never answers until cancelled, plus any extra ones added at run time. Also one resource
 * (`test://<label>/readme`) and one prompt (`greet`).
 */
export function buildTestMcpServer(options: McpToolOptions, authorizationOf: () => string | undefined = () => undefined): McpServer {
  const server = new McpServer({ name: `test-${options.label}`, version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });
  const note = (tool: string, args: Record<string, unknown>): void => {
    const authorization = authorizationOf();
    options.calls.push(authorization === undefined ? { tool, args } : { tool, args, authorization });
  };
  server.registerTool('echo', { description: 'Echoes its text', inputSchema: { text: z.string() } }, async ({ text }) => {
    note('echo', { text });
    return { content: [{ type: 'text', text: `${options.label}: ${text}` }] };
  });
  server.registerTool('fail', { description: 'Always fails' }, async () => {
    note('fail', {});
    return { isError: true, content: [{ type: 'text', text: `${options.label} tool failed on purpose` }] };
  });
  server.registerTool('hang', { description: 'Never answers' }, async (extra) => {
    note('hang', {});
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 600_000);
      extra.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return { content: [{ type: 'text', text: 'late' }] };
  });
  for (const name of options.extraTools) registerExtra(server, name, note);
  server.registerResource('readme', `test://${options.label}/readme`, { mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, text: `readme of ${options.label}` }],
  }));
  server.registerPrompt('greet', { description: 'A greeting', argsSchema: { name: z.string() } }, ({ name }) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Hello ${name} from ${options.label}` } }],
  }));
  return server;
}

/** Registers one extra tool (on a connected server this sends notifications/tools/list_changed). */
export function registerExtra(server: McpServer, name: string, note: (tool: string, args: Record<string, unknown>) => void): void {
  server.registerTool(name, { description: `Extra tool ${name}` }, async () => {
    note(name, {});
    return { content: [{ type: 'text', text: `${name} ok` }] };
  });
}
