/** The data line OpenAI-style streams end with. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** One SSE event carrying `json` as its data. */
export function formatSseData(json: unknown): string {
  return `data: ${JSON.stringify(json)}\n\n`;
}

/** One SSE event with an `event:` name (Anthropic streams name every event). */
export function formatSseEvent(event: string, json: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(json)}\n\n`;
}
