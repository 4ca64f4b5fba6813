import type { StreamRelay } from '@aigw/adapters';
import { createOpenAiToAnthropicStream } from '@aigw/adapters';

/**
 * Wraps a relay that yields OpenAI SSE so the client gets Anthropic SSE instead; usage and text are
 * still read from the inner relay.
 */
export function toAnthropicRelay(inner: StreamRelay, requestedModel: string): StreamRelay {
  const converter = createOpenAiToAnthropicStream(requestedModel);
  return {
    push: (chunk) => converter.push(inner.push(chunk)),
    end: () => converter.push(inner.end()) + converter.end(),
    usage: () => inner.usage(),
    outputText: () => inner.outputText(),
    responseModel: () => inner.responseModel(),
  };
}
