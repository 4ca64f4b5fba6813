import { GatewayError } from '@aigw/shared-errors';
import { isRecord } from '../json.util';

/** Extended-thinking budget per OpenAI reasoning_effort; Anthropic takes at least 1024. */
const BUDGETS: Readonly<Record<string, number>> = { minimal: 1024, low: 1024, medium: 2048, high: 4096, xhigh: 8192 };
const MIN_BUDGET = 1024;

export interface EnabledThinking {
  type: 'enabled';
  budget_tokens: number;
}

function refuse(message: string): never {
  throw new GatewayError('invalid_request', `reasoning_effort ${message} on an anthropic-type provider`, { param: 'reasoning_effort' });
}

function forcesTool(choice: unknown): boolean {
  if (choice === 'required') return true;
  if (!isRecord(choice)) return false;
  return choice.type === 'function' || (choice.type === 'allowed_tools' && isRecord(choice.allowed_tools) && choice.allowed_tools.mode === 'required');
}

/**
 * OpenAI's `reasoning_effort` as Anthropic extended thinking: a budget per level, fitted below
 * `max_tokens` (which counts the thinking). A client's own `thinking` wins; `none` asks for none.
 * Where thinking cannot be enabled (a cap of 1024 or less, temperature other than 1, top_k, a
 * forced tool choice: Anthropic refuses each with thinking) the request is refused naming the
 * field, rather than answered without the reasoning it asked for.
 */
export function thinkingOfEffort(body: Record<string, unknown>, maxTokens: number): EnabledThinking | null {
  const effort = body.reasoning_effort;
  if (effort === undefined || effort === null || effort === 'none' || isRecord(body.thinking)) return null;
  const budget = typeof effort === 'string' ? BUDGETS[effort] : undefined;
  if (budget === undefined) refuse(`must be one of none, ${Object.keys(BUDGETS).join(', ')}`);
  if (maxTokens <= MIN_BUDGET) refuse(`needs a completion cap above ${MIN_BUDGET} tokens (extended thinking takes at least ${MIN_BUDGET})`);
  if (body.temperature !== undefined && body.temperature !== null && body.temperature !== 1) refuse('cannot be combined with a temperature other than 1');
  if (body.top_k !== undefined && body.top_k !== null) refuse('cannot be combined with top_k');
  if (forcesTool(body.tool_choice)) refuse('cannot be combined with a tool_choice that forces a tool');
  return { type: 'enabled', budget_tokens: Math.min(budget, maxTokens - 1) };
}
