import { randomUUID } from 'node:crypto';
import type { Usage } from '@aigw/usage';
import type { StopReason, Usage as AnthropicUsage } from '@anthropic-ai/sdk/resources/messages';
import { nonEmptyString } from '../json.util';

/** The usage fields this gateway reports to Anthropic clients. */
export type IngressUsage = Pick<AnthropicUsage, 'input_tokens' | 'output_tokens' | 'cache_read_input_tokens' | 'cache_creation_input_tokens'>;

/** OpenAI `finish_reason` -> Anthropic `stop_reason`. */
export function toAnthropicStopReason(finishReason: unknown): StopReason {
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/**
 * Anthropic usage from OpenAI usage: Anthropic's `input_tokens` excludes cache reads, OpenAI's
 * `prompt_tokens` includes them.
 */
export function toAnthropicUsage(usage: Usage | null): IngressUsage {
  const cached = usage?.cached_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
  };
}

/** A `msg_` id derived from the upstream's id (`chatcmpl-abc` -> `msg_abc`), or a fresh one. */
export function toAnthropicMessageId(openAiId: unknown): string {
  const id = nonEmptyString(openAiId);
  if (id === null) return `msg_${randomUUID().replace(/-/g, '')}`;
  if (id.startsWith('msg_')) return id;
  return `msg_${id.replace(/^chatcmpl-/, '')}`;
}

/** A `toolu_` id for a tool call the upstream sent without one. */
export function freshToolUseId(): string {
  return `toolu_${randomUUID().replace(/-/g, '')}`;
}

/** The reasoning text of an OpenAI message or delta (`reasoning_content`, or OpenRouter's `reasoning`). */
export function reasoningText(message: Record<string, unknown>): string | null {
  return nonEmptyString(message.reasoning_content) ?? nonEmptyString(message.reasoning);
}
