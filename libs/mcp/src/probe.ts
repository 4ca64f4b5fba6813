import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { connectRaw, listAllTools, upstreamError } from './connect';
import type { McpUpstreamSpec } from './spec';

/**
 * Connects to an upstream, initializes, lists all its tools (every page) and closes. The admin
 * API's refresh records the result; failures throw McpUpstreamError (credentials scrubbed).
 */
export async function probeMcpServer(spec: McpUpstreamSpec): Promise<{ tools: Tool[] }> {
  let client;
  try {
    client = await connectRaw(spec);
    const tools = await listAllTools(client, spec.timeoutMs);
    return { tools };
  } catch (err) {
    throw upstreamError(spec, err);
  } finally {
    await client?.close().catch(() => undefined);
  }
}
