export { anthropicAdapter, createAnthropicAdapter, type AnthropicAdapterOptions } from './adapter';
export { ANTHROPIC_VERSION, anthropicHeaders, anthropicMessagesUrl, anthropicModelsUrl } from './api';
export { anthropicErrorMessage } from './errors';
export { DEFAULT_MAX_TOKENS, toAnthropicParams } from './request';
export { finishReasonOf, messageToCompletion } from './response';
export { anthropicUsage } from './usage';
