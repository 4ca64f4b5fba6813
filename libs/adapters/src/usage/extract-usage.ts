import type { Usage } from '@aigw/usage';
import { isRecord } from '../json.util';

/**
 * A token count as the upstream reported it, null when the field is absent or null, NaN when it is
 * something else. Nothing is rounded or clamped here: the proxy checks the figures before billing
 * them (a negative or fractional count is a reason to distrust the upstream, not to bill 0).
 */
function tokenCount(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' ? value : Number.NaN;
}

function detail(parent: unknown, key: string): number | null {
  return isRecord(parent) ? tokenCount(parent[key]) : null;
}

/**
 * Usage from an OpenAI-shaped body or stream chunk, or null when it carries none (OpenAI sends
 * `usage: null` in every chunk but the last when `include_usage` is on).
 * Cached tokens also come from vendor spellings: DeepSeek's `prompt_cache_hit_tokens` and
 * Moonshot's top-level `cached_tokens`.
 */
export function extractUsage(json: unknown): Usage | null {
  if (!isRecord(json) || !isRecord(json.usage)) return null;
  const usage = json.usage;
  const prompt = tokenCount(usage.prompt_tokens);
  const completion = tokenCount(usage.completion_tokens);
  const total = tokenCount(usage.total_tokens);
  if (prompt === null && completion === null && total === null) return null;
  const cached = detail(usage.prompt_tokens_details, 'cached_tokens') ?? tokenCount(usage.prompt_cache_hit_tokens) ?? tokenCount(usage.cached_tokens);
  return {
    prompt_tokens: prompt ?? 0,
    completion_tokens: completion ?? 0,
    total_tokens: total ?? (prompt ?? 0) + (completion ?? 0),
    cached_tokens: cached ?? 0,
    reasoning_tokens: detail(usage.completion_tokens_details, 'reasoning_tokens') ?? 0,
  };
}
