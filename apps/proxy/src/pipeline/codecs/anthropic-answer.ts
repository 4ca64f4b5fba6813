import { scrubKeys, type KnownKey } from '@aigw/adapters';
import { GatewayError, UPSTREAM_BODY_LIMIT } from '@aigw/shared-errors';

/** A whole upstream answer as JSON; one that is not JSON is an upstream_error carrying its start. */
export function parseAnswerJson(bytes: Buffer | string, secrets: readonly KnownKey[]): unknown {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    // Scrub, then cut: a key cut in two by the excerpt would no longer be recognised.
    const excerpt = scrubKeys(text, secrets).slice(0, UPSTREAM_BODY_LIMIT);
    throw new GatewayError('upstream_error', 'upstream answered with a body that is not JSON', { upstream: { body: excerpt } });
  }
}

/** Text and thinking of an Anthropic Message, for estimates. */
export function messageText(message: unknown): string {
  const content = (message as { content?: { text?: unknown; thinking?: unknown }[] } | null)?.content;
  if (!Array.isArray(content)) return '';
  return content.map((b) => [b.text, b.thinking].filter((t) => typeof t === 'string').join('')).join('');
}
