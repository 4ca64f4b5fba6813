import {
  SAMPLES,
  anthropicModelList,
  defaultChunks,
  defaultCompletion,
  defaultZhipuChunks,
  defaultZhipuCompletion,
  modelList,
  type SampleAnswer,
} from './fixtures';
import { pause, sendJson, sendSse, sendText, sseEventText, type Exchange } from './respond';
import { serveAnthropic, serveAnthropicAuto } from './anthropic-behaviours';
import { serveEchoKey } from './echo-key';
import type { FakeBehaviour } from './types';

/** Which API a call was made to, which decides the shape of default answers. */
export type FakeApi = 'openai' | 'anthropic' | 'zhipu';

/** What the fake knows of a chat call when it answers. */
export interface ChatExchange extends Exchange {
  api: FakeApi;
  /** The request asked for a stream (`stream: true`). */
  stream: boolean;
  /** The model the request named, echoed in default answers. */
  model: string;
  /** A fresh completion id for default answers (`msg_fake_N` on the Anthropic API). */
  completionId: string;
  /** The key the call presented (see RecordedRequest.apiKey). */
  apiKey: string | null;
  /** The request's JSON body (an empty object when it was not one). */
  body: Record<string, unknown>;
}

function chunkEvents(chunks: readonly object[]): string[] {
  return chunks.map((data) => sseEventText({ data }));
}

/** Drops the usage-only chunk(s) and the `usage` field of the others. */
function withoutUsage(chunks: readonly object[]): object[] {
  const kept: object[] = [];
  for (const chunk of chunks) {
    const { usage, ...rest } = chunk as { usage?: unknown; choices?: unknown };
    const usageOnly = usage !== undefined && Array.isArray(rest.choices) && rest.choices.length === 0;
    if (!usageOnly) kept.push(usage === undefined ? chunk : rest);
  }
  return kept;
}

async function serveSample(ex: Exchange, sample: SampleAnswer, intervalMs: number | undefined): Promise<void> {
  switch (sample.type) {
    case 'json':
      return sendJson(ex.res, sample.status, sample.body);
    case 'text':
      return sendText(ex.res, sample.status, sample.body, sample.contentType, { statusMessage: sample.statusMessage });
    case 'sse':
      return sendSse(ex, sample.events.map(sseEventText), { intervalMs, done: sample.done });
  }
}

/** The `auto` answer, in the shape of the API the call was made to. */
async function serveAuto(ex: ChatExchange): Promise<void> {
  if (ex.api === 'anthropic') return serveAnthropicAuto(ex);
  const zhipu = ex.api === 'zhipu';
  if (ex.stream) return sendSse(ex, chunkEvents((zhipu ? defaultZhipuChunks : defaultChunks)(ex.model, ex.completionId)), { done: true });
  return sendJson(ex.res, 200, (zhipu ? defaultZhipuCompletion : defaultCompletion)(ex.model, ex.completionId));
}

/** Answers one chat call as `behaviour` says. */
export async function serveChat(behaviour: FakeBehaviour, ex: ChatExchange): Promise<void> {
  switch (behaviour.kind) {
    case 'auto':
      return serveAuto(ex);
    case 'openai-json':
      if (!(await pause(behaviour.delayMs, ex.signal))) return;
      return sendJson(ex.res, behaviour.status ?? 200, behaviour.body ?? defaultCompletion(ex.model, ex.completionId), behaviour.headers);
    case 'openai-sse': {
      if (!(await pause(behaviour.delayMs, ex.signal))) return;
      const chunks = behaviour.chunks ?? defaultChunks(ex.model, ex.completionId);
      const events = chunkEvents(behaviour.omitUsage ? withoutUsage(chunks) : chunks);
      return sendSse(ex, events, { intervalMs: behaviour.intervalMs, dieAfter: behaviour.dieAfter, done: true, headers: behaviour.headers });
    }
    case 'sse-for-nonstream':
      return sendSse(ex, chunkEvents(behaviour.chunks ?? defaultChunks(ex.model, ex.completionId)), { intervalMs: behaviour.intervalMs, done: true });
    case 'status':
      if (!(await pause(behaviour.delayMs, ex.signal))) return;
      return sendText(ex.res, behaviour.status, behaviour.body, behaviour.contentType ?? 'application/json', { headers: behaviour.headers });
    case 'close-socket':
      return ex.destroy();
    case 'hang':
      return;
    case 'sse-silent':
      ex.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      ex.res.flushHeaders();
      return;
    case 'echo-key':
      return serveEchoKey(behaviour, ex);
    case 'sample':
      if (!(await pause(behaviour.delayMs, ex.signal))) return;
      return serveSample(ex, SAMPLES[behaviour.name], behaviour.intervalMs);
    case 'anthropic-json':
    case 'anthropic-sse':
    case 'anthropic-error':
    case 'anthropic-sse-error':
      return serveAnthropic(behaviour, ex);
  }
}

/**
 * Answers a models call: `auto` lists `ids` (in Anthropic's page shape when the call came with an
 * `anthropic-version` header), any other behaviour is played as for chat.
 */
export async function serveModels(behaviour: FakeBehaviour, ex: ChatExchange, ids: readonly string[]): Promise<void> {
  if (behaviour.kind === 'auto') return sendJson(ex.res, 200, ex.api === 'anthropic' ? anthropicModelList(ids) : modelList(ids));
  return serveChat(behaviour, ex);
}
