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
import { aggregatedName, collectPages, splitAggregatedName } from '@aigw/mcp';
import { GatewayError } from '@aigw/shared-errors';
import { serversInScope, type McpRequestContext } from './mcp-context';
import { mcpFailure } from './mcp-errors';
import { withMcpSpan } from './mcp-span';

/**
 * Resources and prompts under the same allow-list as tools: a server's resources and prompts are
 * proxied only to tokens allowed the whole server (a `server/tool` entry opens that tool only).
 * On /mcp, prompts are named `server__prompt` like tools; resources keep their URIs and a read goes
 * to the allowed server that lists the URI (else, as for a templated URI, to each whole-allowed
 * server in order until one answers). Every list follows the upstream's nextCursor.
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

/** Every page of one upstream list method (`key` names the items in its result). */
function listAll<T>(ctx: McpRequestContext, server: string, method: string, schema: ListSchema, key: string): Promise<T[]> {
  return ctx.gateway.pool.request(server, (client, options) =>
    collectPages(async (cursor) => {
      const result = (await client.request({ method, ...(cursor ? { params: { cursor } } : {}) }, schema, options)) as Record<string, unknown> & { nextCursor?: string };
      return { items: result[key] as T[], nextCursor: result.nextCursor };
    }),
  );
}

type ListSchema = typeof ListResourcesResultSchema | typeof ListResourceTemplatesResultSchema | typeof ListPromptsResultSchema;

function upstreamResources(ctx: McpRequestContext, server: string): Promise<Resource[]> {
  return listAll<Resource>(ctx, server, 'resources/list', ListResourcesResultSchema, 'resources');
}

export async function listResources(ctx: McpRequestContext): Promise<{ resources: Resource[] }> {
  return { resources: await eachServer(ctx, 'resources/list', (server) => upstreamResources(ctx, server)) };
}

export async function listResourceTemplates(ctx: McpRequestContext): Promise<{ resourceTemplates: ResourceTemplate[] }> {
  const templates = await eachServer(ctx, 'resources/templates/list', (server) =>
    listAll<ResourceTemplate>(ctx, server, 'resources/templates/list', ListResourceTemplatesResultSchema, 'resourceTemplates'),
  );
  return { resourceTemplates: templates };
}

export async function readResource(ctx: McpRequestContext, params: ReadResourceRequest['params']) {
  try {
    if (ctx.server !== null) {
      if (!ctx.allow.allowsServer(ctx.server)) throw notAvailable(params.uri);
      return await readFrom(ctx, ctx.server, params);
    }
    const servers = wholeServers(ctx);
    const lister = await listingServer(ctx, servers, params.uri);
    if (lister !== null) return await readFrom(ctx, lister, params);
    // No server lists the URI (a templated or unlisted resource): the first that can read it.
    for (const server of servers) {
      try {
        return await readFrom(ctx, server, params);
      } catch (err) {
        ctx.logger.warn({ err, server, requestId: ctx.record.requestId }, 'MCP server could not read the resource; trying the next');
      }
    }
    ctx.record.provider = null;
    throw notAvailable(params.uri);
  } catch (err) {
    throw mcpFailure(ctx.record, err);
  }
}

const notAvailable = (uri: string) => new GatewayError('mcp_not_allowed', `resource ${uri} is not available to this token`);

/** The first server (in order) whose resources/list holds the URI; a server that fails to list is passed over. */
async function listingServer(ctx: McpRequestContext, servers: string[], uri: string): Promise<string | null> {
  for (const server of servers) {
    const listed = await upstreamResources(ctx, server).catch(() => [] as Resource[]);
    if (listed.some((r) => r.uri === uri)) return server;
  }
  return null;
}

function readFrom(ctx: McpRequestContext, server: string, params: ReadResourceRequest['params']) {
  ctx.record.provider = server;
  return withMcpSpan(ctx, 'resources/read', server, null, () => ctx.gateway.pool.request(server, (client, options) => client.request({ method: 'resources/read', params }, ReadResourceResultSchema, options)));
}

export async function listPrompts(ctx: McpRequestContext): Promise<{ prompts: Prompt[] }> {
  const prompts = await eachServer(ctx, 'prompts/list', async (server) => {
    const listed = await listAll<Prompt>(ctx, server, 'prompts/list', ListPromptsResultSchema, 'prompts');
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
