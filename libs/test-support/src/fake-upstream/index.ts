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
  type SampleAnswer,
  type SseFixtureEvent,
} from './fixtures';
export { sseEventText } from './respond';
