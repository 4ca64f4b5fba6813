import { formatSseData } from '../sse';

/** An OpenAI-style stream error event, the shape every adapter ends a failed stream with. */
export function openAiErrorEvent(message: string, code = 'upstream_error'): string {
  return formatSseData({ error: { message, type: 'upstream_error', code, param: null } });
}
