import { CallToolResultSchema, type CallToolRequest, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { aggregatedName, compareNames, splitAggregatedName } from '@aigw/mcp';
import { GatewayError } from '@aigw/shared-errors';
import { serversInScope, type McpRequestContext } from './mcp-context';
import { mcpFailure } from './mcp-errors';
import { chargedCall } from './mcp-price';
import { withMcpSpan } from './mcp-span';

/**
 * tools/list: the tools the token may call. On /mcp every reachable server's, named
 * `server__tool` (a name beyond the spec's limits is left out), ordered by server then tool; on
 * /mcp/<server> that server's under their own names, by name. Built from the pool's cached lists,
 * so an unchanged upstream gives byte-identical answers. On /mcp a server that cannot be reached
 * is left out (and logged) rather than failing the whole list.
 */
export async function listTools(ctx: McpRequestContext): Promise<{ tools: Tool[] }> {
  ctx.record.provider = ctx.server;
  const out: Tool[] = [];
  for (const server of serversInScope(ctx)) {
    let tools: Tool[];
    try {
      tools = await withMcpSpan(ctx, 'tools/list', server, null, () => ctx.gateway.pool.tools(server));
    } catch (err) {
      if (ctx.server !== null) throw mcpFailure(ctx.record, err);
      ctx.logger.warn({ err, server, requestId: ctx.record.requestId }, 'MCP server left out of the aggregated tool list');
      continue;
    }
    const allowed = tools.filter((tool) => ctx.allow.allowsTool(server, tool.name)).sort((a, b) => compareNames(a.name, b.name));
    for (const tool of allowed) {
      if (ctx.server !== null) {
        out.push(tool);
        continue;
      }
      const name = aggregatedName(server, tool.name);
      if (name === null) ctx.logger.warn({ server, tool: tool.name }, 'MCP tool left out of the aggregated list: server__tool breaks the name limits');
      else out.push({ ...tool, name });
    }
  }
  return { tools: out };
}

/** Which server and which of its tools a tools/call names, or a refusal when the token may not call it. */
function resolveTool(ctx: McpRequestContext, name: string): { server: string; tool: string } {
  const target = ctx.server !== null ? { server: ctx.server, tool: name } : splitAggregatedName(name);
  if (!target || !ctx.gateway.pool.has(target.server) || !ctx.allow.allowsTool(target.server, target.tool)) {
    throw new GatewayError('mcp_not_allowed', `tool ${name} is not available to this token`);
  }
  return target;
}

/**
 * tools/call: refused (MCP error) unless the allow-list names the tool, whatever the client sends;
 * priced calls hold the price on the token's budget first; the upstream call runs with the
 * server's timeout in a span, and its result (a tool error included) reaches the client as sent.
 */
export async function callTool(ctx: McpRequestContext, params: CallToolRequest['params'], signal: AbortSignal): Promise<CallToolResult> {
  try {
    const { server, tool } = resolveTool(ctx, params.name);
    ctx.record.provider = server;
    ctx.record.model = tool;
    return await chargedCall(ctx, server, tool, () =>
      withMcpSpan(ctx, 'tools/call', server, tool, () =>
        ctx.gateway.pool.request(server, (client, options) => client.request({ method: 'tools/call', params: { ...params, name: tool } }, CallToolResultSchema, options), signal),
      ),
    );
  } catch (err) {
    throw mcpFailure(ctx.record, err);
  }
}
