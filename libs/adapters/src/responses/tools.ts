import type { ChatCompletionFunctionTool, ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions';
import type { CustomTool, FunctionTool } from 'openai/resources/responses/responses';
import { isRecord } from '../json.util';
import { invalidField } from './shared';

/** The one string argument a custom (free-form) tool becomes on chat. */
export const CUSTOM_INPUT_ARG = 'input';

function requireName(tool: Record<string, unknown>, param: string): string {
  if (typeof tool.name !== 'string' || tool.name === '') throw invalidField(`${param}.name`, 'must be a non-empty string');
  return tool.name;
}

function functionTool(tool: Partial<FunctionTool>, param: string): ChatCompletionFunctionTool {
  const name = requireName(tool, param);
  if ((tool as Record<string, unknown>).defer_loading === true) throw invalidField(`${param}.defer_loading`, 'deferred tool loading cannot be expressed on a chat upstream');
  const fn: ChatCompletionFunctionTool['function'] = { name };
  if (typeof tool.description === 'string') fn.description = tool.description;
  if (isRecord(tool.parameters)) fn.parameters = tool.parameters;
  if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

/**
 * A custom tool -> a function tool with one required string argument `input`. A grammar format
 * (Codex's apply_patch sends a Lark grammar) goes into the description, so the model still sees
 * what the input must look like.
 */
function customTool(tool: Partial<CustomTool>, param: string): ChatCompletionFunctionTool {
  const name = requireName(tool, param);
  const parts: string[] = [];
  if (typeof tool.description === 'string' && tool.description !== '') parts.push(tool.description);
  const format = tool.format as Record<string, unknown> | undefined;
  if (isRecord(format) && format.type === 'grammar') {
    parts.push(`The \`${CUSTOM_INPUT_ARG}\` argument is the raw tool input (not JSON) and must follow this ${String(format.syntax)} grammar:\n${String(format.definition)}`);
  } else {
    parts.push(`The \`${CUSTOM_INPUT_ARG}\` argument is the raw tool input as free-form text (not JSON).`);
  }
  return {
    type: 'function',
    function: {
      name,
      description: parts.join('\n\n'),
      parameters: {
        type: 'object',
        properties: { [CUSTOM_INPUT_ARG]: { type: 'string', description: 'The raw input of the tool.' } },
        required: [CUSTOM_INPUT_ARG],
        additionalProperties: false,
      },
    },
  };
}

/** Responses `tools` -> chat `tools`; a tool the chat upstream cannot run is a 400 naming its type. */
export function toChatTools(tools: unknown): ChatCompletionFunctionTool[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw invalidField('tools', 'must be an array');
  return tools.map((tool: unknown, i) => {
    const param = `tools[${i}]`;
    if (!isRecord(tool)) throw invalidField(param, 'must be an object');
    if (tool.type === 'function') return functionTool(tool, param);
    if (tool.type === 'custom') return customTool(tool, param);
    throw invalidField(`${param}.type`, `built-in tool type '${String(tool.type)}' cannot be run by a chat completions upstream; only function and custom tools can`);
  });
}

function namedChoice(name: unknown): ChatCompletionToolChoiceOption {
  if (typeof name !== 'string' || name === '') throw invalidField('tool_choice.name', 'must be a non-empty string');
  return { type: 'function', function: { name } };
}

/** Responses `tool_choice` -> chat `tool_choice`. */
export function toChatToolChoice(choice: unknown): ChatCompletionToolChoiceOption | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'none' || choice === 'auto' || choice === 'required') return choice;
  if (!isRecord(choice)) throw invalidField('tool_choice', "must be 'none', 'auto', 'required' or an object");
  if (choice.type === 'function' || choice.type === 'custom') return namedChoice(choice.name);
  if (choice.type === 'allowed_tools') {
    const tools = Array.isArray(choice.tools) ? (choice.tools as unknown[]) : [];
    const allowed = tools.map((t, i) => {
      if (!isRecord(t) || (t.type !== 'function' && t.type !== 'custom')) {
        throw invalidField(`tool_choice.tools[${i}]`, 'only function and custom tools can be allowed on a chat upstream');
      }
      return { type: 'function', function: { name: t.name } };
    });
    const mode = choice.mode === 'required' ? 'required' : 'auto';
    return { type: 'allowed_tools', allowed_tools: { mode, tools: allowed } };
  }
  throw invalidField('tool_choice.type', `'${String(choice.type)}' names a built-in tool a chat completions upstream cannot run`);
}
