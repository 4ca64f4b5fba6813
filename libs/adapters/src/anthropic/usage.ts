import type { Usage } from '@aigw/usage';
import type { CompletionUsage } from 'openai/resources/completions';
import { isRecord } from '../json.util';

/**
 * Anthropic token counts. `input_tokens` excludes the cached part: the whole prompt is input +
 * cache read + cache creation. A stream reports them in message_start and again, cumulatively, in
 * message_delta, so later values replace earlier ones and nothing is added twice.
 */
export interface AnthropicTokenCounts {
  input: number | null;
  output: number | null;
  cacheRead: number | null;
  cacheCreation: number | null;
  thinking: number | null;
}

export const NO_TOKEN_COUNTS: AnthropicTokenCounts = { input: null, output: null, cacheRead: null, cacheCreation: null, thinking: null };

/** A count as reported (see extractUsage's tokenCount: checked by the proxy, not here). */
function count(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' ? value : Number.NaN;
}

/** The sum of counts, NaN when one is negative: -5 input and 100 cache read are not a prompt of 95. */
function sumOf(parts: number[]): number {
  return parts.some((p) => p < 0) ? Number.NaN : parts.reduce((a, b) => a + b, 0);
}

/** `current` updated with the counts an Anthropic `usage` object carries (absent or null ones kept). */
export function mergeTokenCounts(current: AnthropicTokenCounts, raw: unknown): AnthropicTokenCounts {
  if (!isRecord(raw)) return current;
  const details = isRecord(raw.output_tokens_details) ? raw.output_tokens_details : {};
  return {
    input: count(raw.input_tokens) ?? current.input,
    output: count(raw.output_tokens) ?? current.output,
    cacheRead: count(raw.cache_read_input_tokens) ?? current.cacheRead,
    cacheCreation: count(raw.cache_creation_input_tokens) ?? current.cacheCreation,
    thinking: count(details.thinking_tokens) ?? current.thinking,
  };
}

/** Our Usage from the counts, or null when the upstream reported none. */
export function usageFromCounts(counts: AnthropicTokenCounts): Usage | null {
  if (counts.input === null && counts.output === null && counts.cacheRead === null && counts.cacheCreation === null) return null;
  const cached = counts.cacheRead ?? 0;
  const prompt = sumOf([counts.input ?? 0, cached, counts.cacheCreation ?? 0]);
  const completion = counts.output ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, cached_tokens: cached, reasoning_tokens: counts.thinking ?? 0 };
}

/** Our Usage from one Anthropic `usage` object (a Message's), or null. */
export function anthropicUsage(raw: unknown): Usage | null {
  return usageFromCounts(mergeTokenCounts(NO_TOKEN_COUNTS, raw));
}

/** The OpenAI `usage` object a client expects for this usage. */
export function openAiUsageJson(usage: Usage): CompletionUsage {
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.total_tokens,
    prompt_tokens_details: { cached_tokens: usage.cached_tokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoning_tokens },
  };
}
