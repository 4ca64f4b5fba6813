export { countTextTokens, estimatePromptTokens } from './estimate-tokens';
export { estimateEmbeddingInputTokens } from './embedding-input';
