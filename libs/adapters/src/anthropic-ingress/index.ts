export { anthropicToOpenAiRequest, checkMessagesEnvelope } from './request';
export { openAiToAnthropicMessage, type IngressContentBlock, type IngressMessage } from './message';
export { createOpenAiToAnthropicStream, anthropicStreamErrorEvent, type OpenAiToAnthropicStream } from './stream';
export { buildMessagesPassthrough, createMessagesTap, readMessagesUsage } from './passthrough';
export { toAnthropicStopReason, toAnthropicUsage, type IngressUsage } from './response-shared';
