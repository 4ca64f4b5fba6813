export { startFakeUpstream } from './server';
export type { FakeBehaviour, FakeUpstream, FakeUpstreamOptions, RecordedRequest, SampleName } from './types';
export {
  SAMPLES,
  DEFAULT_MODEL_IDS,
  FAKE_REPLY_PIECES,
  FAKE_REPLY_TEXT,
  FAKE_USAGE,
  defaultChunks,
  defaultCompletion,
  modelList,
  deepseekV3NonStream,
  deepseekR1NonStream,
  kimiNonStream,
  glmNonStream,
  zhipuOfficialNonStream,
  zhipuOfficialError,
  upstream554,
  deepseekR1Stream,
  glmStream,
  toolsStream,
  anthropicStreamTool,
  FAKE_ANTHROPIC_USAGE,
  FAKE_CLAUDE_PIECES,
  FAKE_CLAUDE_TEXT,
  FAKE_ZHIPU_REASONING,
  FAKE_ZHIPU_USAGE,
  anthropicErrorBody,
  anthropicErrorEvents,
  anthropicModelList,
  defaultAnthropicEvents,
  defaultAnthropicMessage,
  defaultZhipuChunks,
  defaultZhipuCompletion,
  type SampleAnswer,
  type SseFixtureEvent,
} from './fixtures';
export { sseEventText } from './respond';
export { FAKE_EMBEDDING_DIMENSIONS, fakeEmbeddingTokens, fakeEmbeddingVector } from './embeddings-behaviours';
export { fakeInputTokens } from './count-tokens-behaviours';
export { FAKE_RESPONSES_PIECES, FAKE_RESPONSES_TEXT, FAKE_RESPONSES_USAGE } from './responses-behaviours';
