import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { McpRequestContext } from './mcp-context';
import { getPrompt, listPrompts, listResources, listResourceTemplates, readResource } from './mcp-resources';
import { callTool, listTools } from './mcp-tools';

/** How the gateway introduces itself to MCP clients. */
export const GATEWAY_SERVER_INFO = { name: 'aigw', version: '0.1.0' };

/**
 * The SDK server that answers one client HTTP request (the transport is stateless: everything a
 * request needs is in the request, the session store and the proxy's upstream pool, so any proxy
 * answers any request of a session). Tools, resources and prompts go through the allow-list.
 */
export function buildGatewayServer(ctx: McpRequestContext): Server {
  const server = new Server(GATEWAY_SERVER_INFO, {
    capabilities: { tools: { listChanged: true }, resources: {}, prompts: {} },
    instructions: ctx.server === null ? 'Tools of several MCP servers, named server__tool.' : undefined,
  });
  server.setRequestHandler(ListToolsRequestSchema, () => listTools(ctx));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => callTool(ctx, request.params, extra.signal));
  server.setRequestHandler(ListResourcesRequestSchema, () => listResources(ctx));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => listResourceTemplates(ctx));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => readResource(ctx, request.params));
  server.setRequestHandler(ListPromptsRequestSchema, () => listPrompts(ctx));
  server.setRequestHandler(GetPromptRequestSchema, (request) => getPrompt(ctx, request.params));
  return server;
}
