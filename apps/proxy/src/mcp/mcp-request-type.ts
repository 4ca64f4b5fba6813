/** The request_type of an MCP row, from the JSON-RPC method of the request (the first of a batch). */
export function mcpRequestType(body: unknown): string {
  const first = Array.isArray(body) ? body.find((m) => isRequest(m)) : body;
  const method = isRequest(first) ? first.method : undefined;
  if (method === 'initialize') return 'mcp_initialize';
  if (method === 'tools/list') return 'mcp_list';
  if (method === 'tools/call') return 'mcp_call';
  if (method?.startsWith('resources/')) return 'mcp_resources';
  if (method?.startsWith('prompts/')) return 'mcp_prompts';
  return 'mcp_other';
}

function isRequest(message: unknown): message is { method: string; id: unknown } {
  return typeof message === 'object' && message !== null && typeof (message as { method?: unknown }).method === 'string' && 'id' in message;
}

/** True when the body is (or a batch holds) an initialize request. */
export function isInitialize(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((m) => isRequest(m) && m.method === 'initialize');
}
