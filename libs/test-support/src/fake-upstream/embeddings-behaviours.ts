import { sendJson, type Exchange } from './respond';

/** Embeddings paths: OpenAI (`/v1/embeddings`), OpenAI-compatible bases without `/v1`, Zhipu's v4 API. */
export const EMBEDDINGS_PATHS = ['/v1/embeddings', '/embeddings', '/api/paas/v4/embeddings'] as const;

/** Vector length when the request sets no `dimensions`. */
export const FAKE_EMBEDDING_DIMENSIONS = 4;

/** The inputs of an embeddings request as a list (a string or one token id array is one input). */
function inputsOf(input: unknown): unknown[] {
  if (!Array.isArray(input)) return [input];
  return input.every((item) => typeof item === 'number') ? [input] : input;
}

/**
 * The prompt_tokens the fake reports: words of each string input (split on spaces), the length
 * of each token id array.
 */
export function fakeEmbeddingTokens(input: unknown): number {
  let sum = 0;
  for (const item of inputsOf(input)) {
    if (typeof item === 'string') sum += item.split(/\s+/).filter(Boolean).length;
    else if (Array.isArray(item)) sum += item.length;
  }
  return sum;
}

/** The vector the fake gives input `index`: `dims` float32 values, 0.25 apart, starting at index + 0.5. */
export function fakeEmbeddingVector(index: number, dims = FAKE_EMBEDDING_DIMENSIONS): number[] {
  return Array.from({ length: dims }, (_, j) => index + 0.5 + j * 0.25);
}

function base64Of(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/**
 * An embeddings answer: one vector per input, floats or (with `encoding_format: "base64"`) the
 * float32 bytes in base64, as OpenAI answers. Zhipu puts `model` first and reports
 * `completion_tokens: 0`; OpenAI puts `model` after the vectors.
 */
export function serveEmbeddings(ex: Exchange, path: string, body: Record<string, unknown>): void {
  const dims = typeof body.dimensions === 'number' ? body.dimensions : FAKE_EMBEDDING_DIMENSIONS;
  const base64 = body.encoding_format === 'base64';
  const data = inputsOf(body.input).map((_, index) => {
    const vector = fakeEmbeddingVector(index, dims);
    return { object: 'embedding', index, embedding: base64 ? base64Of(vector) : vector };
  });
  const model = typeof body.model === 'string' ? body.model : 'fake-embedding';
  const tokens = fakeEmbeddingTokens(body.input);
  if (path.startsWith('/api/paas/')) {
    sendJson(ex.res, 200, { model, data, object: 'list', usage: { completion_tokens: 0, prompt_tokens: tokens, total_tokens: tokens } });
  } else {
    sendJson(ex.res, 200, { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }
}
