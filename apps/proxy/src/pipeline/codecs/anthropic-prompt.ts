import { anthropicToOpenAiRequest } from '@aigw/adapters';
import { GatewayError } from '@aigw/shared-errors';

/**
 * The prompt of an Anthropic Messages body in Chat Completions shape, which the token estimates
 * read. A body with blocks the conversion does not know (server tool use, search results) still
 * passes through; its estimate then reads the text the Anthropic body carries as it is. A
 * count_tokens body has no `max_tokens`, which the conversion needs but the estimate does not read.
 */
export function anthropicPromptView(body: Record<string, unknown>): Record<string, unknown> {
  try {
    return anthropicToOpenAiRequest(body.max_tokens === undefined ? { ...body, max_tokens: 0 } : body);
  } catch (err) {
    if (err instanceof GatewayError) return body;
    throw err;
  }
}
