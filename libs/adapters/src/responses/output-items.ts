import type {
  ResponseCustomToolCall,
  ResponseFunctionToolCall,
  ResponseOutputMessage,
  ResponseOutputRefusal,
  ResponseOutputText,
  ResponseReasoningItem,
} from 'openai/resources/responses/responses';
import { isRecord, parseJsonSafe } from '../json.util';
import { randomHex } from '../random-id';
import { CUSTOM_INPUT_ARG } from './tools';

/** A custom tool call's output item carries its id (the Responses API always sets one) and, as the SDK types it, no status. */
export type CustomToolCallItem = ResponseCustomToolCall & { id: string };

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export function outputText(text: string): ResponseOutputText {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function refusalPart(refusal: string): ResponseOutputRefusal {
  return { type: 'refusal', refusal };
}

export function messageItem(id: string, content: ResponseOutputMessage['content'], status: ItemStatus): ResponseOutputMessage {
  return { id, type: 'message', role: 'assistant', status, content };
}

/** Chat `reasoning_content` is the model's own reasoning, not a summary: a reasoning_text content part. */
export function reasoningItem(id: string, text: string | null, status: ItemStatus): ResponseReasoningItem {
  const item: ResponseReasoningItem = { id, type: 'reasoning', summary: [], status };
  if (text !== null) item.content = [{ type: 'reasoning_text', text }];
  return item;
}

export function functionCallItem(id: string, callId: string, name: string, args: string, status: ItemStatus): ResponseFunctionToolCall {
  return { id, type: 'function_call', status, call_id: callId, name, arguments: args };
}

export function customToolCallItem(id: string, callId: string, name: string, input: string): CustomToolCallItem {
  return { id, type: 'custom_tool_call', call_id: callId, name, input };
}

/** The `input` of a custom tool call from the chat arguments `{"input": "..."}`; anything else is taken as the raw input. */
export function customInputOf(args: string): string {
  const parsed = parseJsonSafe(args);
  return isRecord(parsed) && typeof parsed[CUSTOM_INPUT_ARG] === 'string' ? parsed[CUSTOM_INPUT_ARG] : args;
}

/** A call id for a tool call the upstream sent without one. */
export function freshCallId(): string {
  return `call_${randomHex(16)}`;
}
