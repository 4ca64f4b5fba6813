import type { JSONOutputFormat, Tool, ToolChoice } from '@anthropic-ai/sdk/resources/messages';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import { GatewayError } from '@aigw/shared-errors';
import { isRecord } from '../json.util';

/**
 * OpenAI `response_format` on the way to Anthropic. A json_schema goes to Anthropic's structured
 * output parameter (`output_config.format`, GA in the pinned @anthropic-ai/sdk, no beta header)
 * when the model has it; otherwise, and for json_object (which has no schema to give), the format
 * becomes one tool the model is made to call, and the tool's input comes back as the message
 * content (see response.ts and stream-relay.ts).
 */
export type StructuredOutput = { mode: 'native'; format: JSONOutputFormat } | { mode: 'tool'; tool: Tool };

/** The tool's name for json_object, and for a json_schema without a name. */
export const JSON_OBJECT_TOOL = 'json_object';

/**
 * Claude models that predate structured outputs (before Opus 4.1, Sonnet 4.5, Haiku 4.5), and any
 * model that is not a Claude model (Anthropic-compatible upstreams of other vendors), get the
 * forced tool: every Messages upstream takes tools. Matched on the id after any vendor prefix
 * (`anthropic/claude-...`, `anthropic.claude-...`).
 */
const LEGACY_CLAUDE = /^claude-(instant|[123]|(sonnet|opus)-4($|[-@](0\b|2025)))/;

export function hasNativeStructuredOutput(upstreamModel: string): boolean {
  const at = upstreamModel.search(/(^|[/.])claude-/);
  if (at < 0) return false;
  const id = upstreamModel.slice(upstreamModel.indexOf('claude-', at));
  return !LEGACY_CLAUDE.test(id);
}

function invalid(message: string, param: string): GatewayError {
  return new GatewayError('invalid_request', message, { param });
}

function formatTool(name: string, schema: Record<string, unknown>, description: string | undefined): Tool {
  if (schema.type !== undefined && schema.type !== 'object') {
    throw invalid('response_format.json_schema.schema must describe an object for this model (its answer is sent as a tool input)', 'response_format.json_schema.schema');
  }
  const tool: Tool = { name, input_schema: { type: 'object', ...schema } as Tool.InputSchema };
  tool.description = description ?? 'Give the final answer by calling this tool; its input is the answer.';
  return tool;
}

function fromJsonSchema(spec: unknown, upstreamModel: string): StructuredOutput {
  if (!isRecord(spec)) throw invalid('response_format.json_schema must be an object', 'response_format.json_schema');
  const { name, schema, description } = spec as Partial<ResponseFormatJSONSchema.JSONSchema> & Record<string, unknown>;
  if (schema !== undefined && !isRecord(schema)) throw invalid('response_format.json_schema.schema must be an object', 'response_format.json_schema.schema');
  const about = typeof description === 'string' && description !== '' ? description : undefined;
  if (schema !== undefined && hasNativeStructuredOutput(upstreamModel)) {
    // The format has no name or description field; a description goes into the schema.
    const withAbout = about !== undefined && schema.description === undefined ? { ...schema, description: about } : schema;
    return { mode: 'native', format: { type: 'json_schema', schema: withAbout } };
  }
  return { mode: 'tool', tool: formatTool(typeof name === 'string' && name !== '' ? name : JSON_OBJECT_TOOL, schema ?? {}, about) };
}

/** What `response_format` asks of an Anthropic upstream: null for none or `text`. */
export function structuredOutputOf(responseFormat: unknown, upstreamModel: string): StructuredOutput | null {
  if (responseFormat === undefined || responseFormat === null) return null;
  if (!isRecord(responseFormat)) throw invalid('response_format must be an object', 'response_format');
  switch (responseFormat.type) {
    case 'text':
      return null;
    case 'json_object':
      return { mode: 'tool', tool: formatTool(JSON_OBJECT_TOOL, {}, 'Give the final answer as a JSON object by calling this tool; its input is the answer.') };
    case 'json_schema':
      return fromJsonSchema(responseFormat.json_schema, upstreamModel);
    default:
      throw invalid(`response_format.type ${JSON.stringify(responseFormat.type)} cannot be sent to an anthropic-type provider (text, json_object and json_schema can)`, 'response_format.type');
  }
}

/** The name of the format tool whose input is the answer, or null when the answer is not sent that way. */
export function formatToolName(responseFormat: unknown, upstreamModel: string): string | null {
  try {
    const plan = structuredOutputOf(responseFormat, upstreamModel);
    return plan?.mode === 'tool' ? plan.tool.name : null;
  } catch {
    return null;
  }
}

/**
 * tool_choice with the format tool among the tools: forced when it is the only one or the client
 * said `none`; `any` when the client's own tools are there too (the model either calls one of them
 * or answers through the format tool); a tool the client forced stays forced.
 */
export function formatToolChoice(clientChoice: ToolChoice | null, toolName: string, hasClientTools: boolean): ToolChoice {
  const parallel = clientChoice !== null && 'disable_parallel_tool_use' in clientChoice ? { disable_parallel_tool_use: clientChoice.disable_parallel_tool_use } : {};
  if (clientChoice?.type === 'tool') return clientChoice;
  if (!hasClientTools || clientChoice?.type === 'none') return { type: 'tool', name: toolName };
  return { type: 'any', ...parallel };
}

/** Extended thinking allows only `auto` and `none` tool choices, so a forced format tool cannot go with it. */
export function checkToolModeWithThinking(plan: StructuredOutput | null, thinking: unknown): void {
  if (plan?.mode !== 'tool' || !isRecord(thinking) || thinking.type === 'disabled') return;
  throw invalid('response_format (answered through a forced tool for this model) cannot be combined with thinking on an anthropic-type provider', 'response_format');
}
