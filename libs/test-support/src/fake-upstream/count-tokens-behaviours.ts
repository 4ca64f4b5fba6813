import { sendJson, type Exchange } from './respond';

export const COUNT_TOKENS_PATHS = ['/v1/messages/count_tokens'] as const;

/** The input_tokens the fake counts: one per 4 characters of the JSON of system, messages and tools. */
export function fakeInputTokens(body: Record<string, unknown>): number {
  return Math.ceil(JSON.stringify([body.system ?? null, body.messages ?? null, body.tools ?? null]).length / 4);
}

/** Anthropic's MessageTokensCount for the request. */
export function serveCountTokens(ex: Exchange, _path: string, body: Record<string, unknown>): void {
  sendJson(ex.res, 200, { input_tokens: fakeInputTokens(body) });
}
