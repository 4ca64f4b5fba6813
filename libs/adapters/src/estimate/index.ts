export { countTextTokens, estimatePromptTokens, promptTokenBound, textTokenBound } from './estimate-tokens';
export { embeddingInputTokenBound, estimateEmbeddingInputTokens } from './embedding-input';
