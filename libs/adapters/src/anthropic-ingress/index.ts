export { anthropicToOpenAiRequest, checkMessagesEnvelope } from './request';
export { openAiToAnthropicMessage, type IngressContentBlock, type IngressMessage } from './message';
export { createOpenAiToAnthropicStream, anthropicStreamErrorEvent, type OpenAiToAnthropicStream } from './stream';
export { buildCountTokensPassthrough, buildMessagesPassthrough, createMessagesTap, readMessagesUsage } from './passthrough';
export { toAnthropicStopReason, toAnthropicUsage, type IngressUsage } from './response-shared';
export { anthropicModelList, messageTokensCount, type AnthropicModelList, type ListedModel } from './listings';
