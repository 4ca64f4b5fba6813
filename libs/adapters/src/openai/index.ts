export { openAiAdapter } from './adapter';
export { openAiChatUrl, openAiModelsUrl, stripTrailingSlashes } from './api';
export { aggregateChatStream } from './stream-aggregate';
export { buildEmbeddingsRequest, readEmbeddingsAnswer, type EmbeddingsAnswer } from './embeddings';
export { buildResponsesPassthrough, createResponsesTap, readResponsesUsage, responseOutputText, type ResponsesTap } from './responses-passthrough';
