import { aigwTracer, errorMessage, SpanKind, SpanStatusCode, withSpan } from '@aigw/telemetry';
import type { McpRequestContext } from './mcp-context';

const SPAN_OPTIONS = { kind: SpanKind.CLIENT };

/**
 * One upstream MCP call as a span (`mcp tools/call {server}/{tool}`), child of the request's span,
 * with the server and tool as attributes (`aigw.mcp.server`, `aigw.mcp.tool`, `aigw.mcp.method`).
 */
export async function withMcpSpan<T>(ctx: McpRequestContext, method: string, server: string, tool: string | null, run: () => Promise<T>): Promise<T> {
  const span = aigwTracer().startSpan(`mcp ${method} ${tool === null ? server : `${server}/${tool}`}`, SPAN_OPTIONS);
  if (span.isRecording()) {
    span.setAttributes({ 'aigw.mcp.method': method, 'aigw.mcp.server': server, 'aigw.request_id': ctx.record.requestId });
    if (tool !== null) span.setAttribute('aigw.mcp.tool', tool);
  }
  try {
    const result = await withSpan(span, run);
    if (span.isRecording() && isToolError(result)) span.setStatus({ code: SpanStatusCode.ERROR, message: 'tool answered isError' });
    return result;
  } catch (err) {
    if (span.isRecording()) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
      if (err instanceof Error) span.recordException(err);
    }
    throw err;
  } finally {
    span.end();
  }
}

function isToolError(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { isError?: unknown }).isError === true;
}
