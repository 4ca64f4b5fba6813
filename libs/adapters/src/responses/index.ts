export { responsesToChatRequest, responsesInputItems } from './request';
export { chatToResponse } from './answer';
export { createChatToResponsesStream, responsesStreamErrorEvent, type ChatToResponsesStream } from './stream';
export type { ResponseContext, GatewayResponse } from './shared';
