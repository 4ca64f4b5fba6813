import { countTextTokens, textTokenBound } from './estimate-tokens';

function inputTokens(input: unknown, count: (text: string) => number): number {
  if (typeof input === 'string') return count(input);
  if (!Array.isArray(input)) return 0;
  let sum = 0;
  for (const item of input) {
    if (typeof item === 'string') sum += count(item);
    else if (typeof item === 'number') sum += 1;
    else if (Array.isArray(item)) sum += item.length;
  }
  return sum;
}

/**
 * Estimated tokens of an embeddings `input`: a string or an array of strings counted with the
 * tokenizer, an array of token ids (or of arrays of them) counted as it is. Anything else counts 0
 * (the envelope check refuses it before any estimate is read).
 */
export function estimateEmbeddingInputTokens(input: unknown): number {
  return inputTokens(input, countTextTokens);
}

/** An upper bound of estimateEmbeddingInputTokens(input) without the tokenizer: texts by their UTF-8 length. */
export function embeddingInputTokenBound(input: unknown): number {
  return inputTokens(input, textTokenBound);
}
