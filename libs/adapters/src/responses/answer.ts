import type { ResponseOutputItem, ResponseOutputMessage } from 'openai/resources/responses/responses';
import { isRecord, nonEmptyString } from '../json.util';
import { extractUsage } from '../usage';
import { reasoningText } from '../anthropic-ingress/response-shared';
import { customInputOf, customToolCallItem, freshCallId, functionCallItem, messageItem, outputText, reasoningItem, refusalPart } from './output-items';
import { buildResponse, customToolNames, freshItemId, responseEnding, type GatewayResponse, type ResponseContext } from './shared';

/**
 * A whole chat.completion -> a Responses `response`: output items in order reasoning (from
 * `reasoning_content`), message (output_text and refusal), then one function_call or
 * custom_tool_call item per tool call; status from finish_reason; usage converted.
 */
export function chatToResponse(chat: unknown, ctx: ResponseContext): GatewayResponse {
  const body = isRecord(chat) ? chat : {};
  const choices = Array.isArray(body.choices) ? (body.choices as unknown[]) : [];
  const choice = choices.find((c) => isRecord(c) && (c.index === 0 || c.index === undefined));
  const message = isRecord(choice) && isRecord(choice.message) ? choice.message : {};
  const ending = responseEnding(isRecord(choice) ? choice.finish_reason : undefined);
  const itemStatus = ending.status === 'incomplete' ? 'incomplete' : 'completed';
  const output: ResponseOutputItem[] = [];

  const reasoning = reasoningText(message);
  if (reasoning !== null) output.push(reasoningItem(freshItemId('rs'), reasoning, 'completed'));

  const toolCalls = Array.isArray(message.tool_calls) ? (message.tool_calls as unknown[]).filter(isRecord) : [];
  const content: ResponseOutputMessage['content'] = [];
  const text = typeof message.content === 'string' ? message.content : null;
  if (text !== null && (text !== '' || toolCalls.length === 0)) content.push(outputText(text));
  const refusal = nonEmptyString(message.refusal);
  if (refusal !== null) content.push(refusalPart(refusal));
  if (content.length === 0 && toolCalls.length === 0) content.push(outputText(''));
  if (content.length > 0) output.push(messageItem(freshItemId('msg'), content, itemStatus));

  const custom = customToolNames(ctx.request);
  for (const call of toolCalls) {
    const fn = isRecord(call.function) ? call.function : {};
    const name = typeof fn.name === 'string' ? fn.name : '';
    const args = typeof fn.arguments === 'string' ? fn.arguments : '';
    const callId = nonEmptyString(call.id) ?? freshCallId();
    output.push(
      custom.has(name)
        ? customToolCallItem(freshItemId('ctc'), callId, name, customInputOf(args))
        : functionCallItem(freshItemId('fc'), callId, name, args, 'completed'),
    );
  }
  return buildResponse(ctx, output, ending, extractUsage(body));
}
