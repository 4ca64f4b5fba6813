import type { Usage } from '@aigw/usage';

/** Most tokens an upstream may report for one request before its figures are distrusted. */
export interface UsageBounds {
  prompt: number;
  /** Completion tokens, reasoning included. */
  completion: number;
}

/** The request's own completion cap, when it set one (`max_completion_tokens` wins, as upstreams read it). */
function completionCap(body: Record<string, unknown>): number | null {
  for (const value of [body.max_completion_tokens, body.max_tokens]) {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  }
  return null;
}

/**
 * Tokens an upstream may count beyond the cap it was given. OpenAI and Anthropic stop at the cap,
 * but OpenAI-compatible servers and relays may count the end-of-sequence token or recount the
 * answer with another tokenizer; 16 tokens plus 1% absorbs that, and is all an over-reporting
 * upstream can add to a capped request.
 */
export function completionSlack(cap: number): number {
  return 16 + Math.ceil(cap / 100);
}

/** Bounds for one request: the configured ceiling, and the completion cap (plus slack) when the request set one. */
export function usageBounds(body: Record<string, unknown>, ceiling: number): UsageBounds {
  const cap = completionCap(body);
  return { prompt: ceiling, completion: cap === null ? ceiling : Math.min(ceiling, cap + completionSlack(cap)) };
}

/** Bounds for an input-only request (embeddings): the ceiling for the prompt, and no completion at all. */
export function inputOnlyBounds(ceiling: number): UsageBounds {
  return { prompt: ceiling, completion: 0 };
}

const COUNTS = ['prompt_tokens', 'completion_tokens', 'cached_tokens', 'reasoning_tokens'] as const;

/**
 * Why these upstream figures cannot be billed, or null when they can. Figures that contradict each
 * other (more cached than prompt tokens, more reasoning than completion tokens) are distrusted as a
 * whole rather than repaired: nothing tells which of the two is wrong, and clamping either one
 * could bill less than was used. total_tokens is not checked: it is not billed and is recomputed.
 */
export function usageProblem(usage: Usage, bounds: UsageBounds): string | null {
  for (const field of COUNTS) {
    const value = usage[field];
    if (!Number.isInteger(value) || value < 0) return `${field} is not a non-negative integer`;
  }
  if (usage.prompt_tokens > bounds.prompt) return `prompt_tokens above ${bounds.prompt}`;
  if (usage.completion_tokens > bounds.completion) return `completion_tokens above ${bounds.completion}`;
  if (usage.cached_tokens > usage.prompt_tokens) return 'cached_tokens above prompt_tokens';
  if (usage.reasoning_tokens > usage.completion_tokens) return 'reasoning_tokens above completion_tokens';
  return null;
}

/** The figures as reported, for a log line: NaN and infinities spelled out (JSON would print null). */
export function reportedFigures(usage: Usage): Record<string, number | string> {
  return Object.fromEntries(Object.entries(usage).map(([field, value]) => [field, Number.isFinite(value) ? value : String(value)]));
}
