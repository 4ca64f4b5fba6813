import type { Usage } from '@aigw/usage';
import { createSseTap, tappedRelay } from '../sse';
import { extractUsage } from '../usage';
import { isRecord, nonEmptyString, parseJsonSafe } from '../json.util';
import type { StreamRelay } from '../types';

/** Appends the assistant text a chunk carries (content, reasoning, tool call name and arguments). */
function collectOutputText(chunk: Record<string, unknown>, out: string[]): void {
  if (!Array.isArray(chunk.choices)) return;
  for (const choice of chunk.choices) {
    if (!isRecord(choice) || !isRecord(choice.delta)) continue;
    const delta = choice.delta;
    if (typeof delta.content === 'string') out.push(delta.content);
    // Some relays send the same reasoning under both names; count it once.
    const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : delta.reasoning;
    if (typeof reasoning === 'string') out.push(reasoning);
    if (!Array.isArray(delta.tool_calls)) continue;
    for (const call of delta.tool_calls) {
      if (!isRecord(call) || !isRecord(call.function)) continue;
      if (typeof call.function.name === 'string') out.push(call.function.name);
      if (typeof call.function.arguments === 'string') out.push(call.function.arguments);
    }
  }
}

/**
 * Relays an OpenAI-style stream byte for byte while tapping its events for usage (the last one
 * reported wins), the model the upstream named, and the output text for estimates.
 */
export function createOpenAiStreamRelay(): StreamRelay {
  let usage: Usage | null = null;
  let model: string | null = null;
  const output: string[] = [];
  const tap = createSseTap(({ data }) => {
    if (data === '[DONE]') return;
    const chunk = parseJsonSafe(data);
    if (!isRecord(chunk)) return;
    usage = extractUsage(chunk) ?? usage;
    model = nonEmptyString(chunk.model) ?? model;
    collectOutputText(chunk, output);
  });
  return tappedRelay(tap, {
    usage: () => usage,
    outputText: () => output.join(''),
    responseModel: () => model,
  });
}
