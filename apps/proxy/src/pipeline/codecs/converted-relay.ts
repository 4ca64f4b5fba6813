import type { StreamRelay } from '@aigw/adapters';

/** A stream converter from OpenAI chat SSE to another protocol's events. */
export interface ChatSseConverter {
  push(chatSse: Buffer | string): string;
  end(): string;
}

/**
 * Wraps a relay that yields OpenAI chat SSE so the client gets the converter's protocol instead
 * (Anthropic Messages events, Responses events); usage and text are still read from the inner relay.
 */
export function convertedRelay(inner: StreamRelay, converter: ChatSseConverter): StreamRelay {
  return {
    push: (chunk) => converter.push(inner.push(chunk)),
    end: () => converter.push(inner.end()) + converter.end(),
    usage: () => inner.usage(),
    outputText: () => inner.outputText(),
    responseModel: () => inner.responseModel(),
  };
}
