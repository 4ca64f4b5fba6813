export { countTextTokens, estimatePromptTokens } from './estimate-tokens';
