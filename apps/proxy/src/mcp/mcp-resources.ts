import {
  GetPromptResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ReadResourceResultSchema,
  type GetPromptRequest,
  type Prompt,
  type ReadResourceRequest,
  type Resource,
  type ResourceTemplate,
} from '@modelcontextprotocol/sdk/types.js';
import { aggregatedName, splitAggregatedName } from '@aigw/mcp';
import { GatewayError } from '@aigw/shared-errors';
import { serversInScope, type McpRequestContext } from './mcp-context';
import { mcpFailure } from './mcp-errors';
import { withMcpSpan } from './mcp-span';

/**
 * Resources and prompts under the same allow-list as tools: a server's resources and prompts are
 * proxied only to tokens allowed the whole server (a `server/tool` entry opens that tool only).
 * On /mcp, prompts are named `server__prompt` like tools; resources keep their URIs and a read goes
 * to the allowed server that lists the URI.
 */
function wholeServers(ctx: McpRequestContext): string[] {
  return serversInScope(ctx).filter((server) => ctx.allow.allowsServer(server));
}

async function eachServer<T>(ctx: McpRequestContext, method: string, read: (server: string) => Promise<T[]>): Promise<T[]> {
  ctx.record.provider = ctx.server;
  const out: T[] = [];
  for (const server of wholeServers(ctx)) {
    try {
      out.push(...(await withMcpSpan(ctx, method, server, null, () => read(server))));
    } catch (err) {
      if (ctx.server !== null) throw mcpFailure(ctx.record, err);
      ctx.logger.warn({ err, server, requestId: ctx.record.requestId }, `MCP server left out of the aggregated ${method}`);
    }
  }
  return out;
}

function upstreamResources(ctx: McpRequestContext, server: string): Promise<Resource[]> {
  return ctx.gateway.pool.request(server, async (client, options) => (await client.request({ method: 'resources/list' }, ListResourcesResultSchema, options)).resources);
}

export async function listResources(ctx: McpRequestContext): Promise<{ resources: Resource[] }> {
  return { resources: await eachServer(ctx, 'resources/list', (server) => upstreamResources(ctx, server)) };
}

export async function listResourceTemplates(ctx: McpRequestContext): Promise<{ resourceTemplates: ResourceTemplate[] }> {
  const templates = await eachServer(ctx, 'resources/templates/list', (server) =>
    ctx.gateway.pool.request(server, async (client, options) => (await client.request({ method: 'resources/templates/list' }, ListResourceTemplatesResultSchema, options)).resourceTemplates),
  );
  return { resourceTemplates: templates };
}

export async function readResource(ctx: McpRequestContext, params: ReadResourceRequest['params']) {
  try {
    let server = ctx.server;
    if (server === null) {
      for (const candidate of wholeServers(ctx)) {
        if ((await upstreamResources(ctx, candidate)).some((r) => r.uri === params.uri)) {
          server = candidate;
          break;
        }
      }
    }
    if (server === null || !ctx.allow.allowsServer(server)) throw new GatewayError('mcp_not_allowed', `resource ${params.uri} is not available to this token`);
    ctx.record.provider = server;
    const target = server;
    return await withMcpSpan(ctx, 'resources/read', target, null, () =>
      ctx.gateway.pool.request(target, (client, options) => client.request({ method: 'resources/read', params }, ReadResourceResultSchema, options)),
    );
  } catch (err) {
    throw mcpFailure(ctx.record, err);
  }
}

export async function listPrompts(ctx: McpRequestContext): Promise<{ prompts: Prompt[] }> {
  const prompts = await eachServer(ctx, 'prompts/list', async (server) => {
    const listed = await ctx.gateway.pool.request(server, async (client, options) => (await client.request({ method: 'prompts/list' }, ListPromptsResultSchema, options)).prompts);
    if (ctx.server !== null) return listed;
    return listed.flatMap((prompt) => {
      const name = aggregatedName(server, prompt.name);
      return name === null ? [] : [{ ...prompt, name }];
    });
  });
  return { prompts };
}

export async function getPrompt(ctx: McpRequestContext, params: GetPromptRequest['params']) {
  try {
    const target = ctx.server !== null ? { server: ctx.server, prompt: params.name } : mapPrompt(splitAggregatedName(params.name));
    if (!target || !ctx.gateway.pool.has(target.server) || !ctx.allow.allowsServer(target.server)) {
      throw new GatewayError('mcp_not_allowed', `prompt ${params.name} is not available to this token`);
    }
    ctx.record.provider = target.server;
    ctx.record.model = target.prompt;
    return await withMcpSpan(ctx, 'prompts/get', target.server, target.prompt, () =>
      ctx.gateway.pool.request(target.server, (client, options) => client.request({ method: 'prompts/get', params: { ...params, name: target.prompt } }, GetPromptResultSchema, options)),
    );
  } catch (err) {
    throw mcpFailure(ctx.record, err);
  }
}

function mapPrompt(split: { server: string; tool: string } | null): { server: string; prompt: string } | null {
  return split ? { server: split.server, prompt: split.tool } : null;
}
