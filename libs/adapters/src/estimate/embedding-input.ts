import { countTextTokens } from './estimate-tokens';

/**
 * Estimated tokens of an embeddings `input`: a string or an array of strings counted with the
 * tokenizer, an array of token ids (or of arrays of them) counted as it is. Anything else counts 0
 * (the envelope check refuses it before any estimate is read).
 */
export function estimateEmbeddingInputTokens(input: unknown): number {
  if (typeof input === 'string') return countTextTokens(input);
  if (!Array.isArray(input)) return 0;
  let sum = 0;
  for (const item of input) {
    if (typeof item === 'string') sum += countTextTokens(item);
    else if (typeof item === 'number') sum += 1;
    else if (Array.isArray(item)) sum += item.length;
  }
  return sum;
}
