import type { IncomingHttpHeaders } from 'node:http';
import type { SseFixtureEvent } from './fixtures/stream-samples';

/** Names of the recorded upstream answers the fake can replay (see fixtures/). */
export type SampleName =
  | 'deepseek-v3-nonstream'
  | 'kimi-nonstream'
  | 'deepseek-r1-nonstream'
  | 'glm-nonstream'
  | 'zhipu-official-nonstream'
  | 'zhipu-official-error'
  | 'upstream-554'
  | 'deepseek-r1-stream'
  | 'glm-stream'
  | 'tools-stream'
  | 'anthropic-stream-tool';

/** What the fake upstream does with one call. */
export type FakeBehaviour =
  /**
   * The initial default, JSON or SSE by the request's `stream`, shaped by the path: on /v1/messages
   * an Anthropic Message or event stream ("Hello from fake claude", cache reads in the usage); on
   * Zhipu's /api/paas/v4/chat/completions a GLM-like answer with `reasoning_content` and cached
   * tokens (stream usage in the last chunk that still has a choice); elsewhere an OpenAI answer.
   */
  | { kind: 'auto' }
  /** A JSON answer; `body` defaults to a chat.completion saying "Hello from fake" with usage. */
  | { kind: 'openai-json'; body?: object; status?: number; delayMs?: number; headers?: Record<string, string> }
  /**
   * An SSE answer of `chunks` (default: role, three content chunks, finish, a `choices: []` usage
   * chunk), then `data: [DONE]`. `dieAfter` destroys the socket after that many chunks.
   */
  | { kind: 'openai-sse'; chunks?: object[]; intervalMs?: number; omitUsage?: boolean; dieAfter?: number; delayMs?: number; headers?: Record<string, string> }
  /** An SSE answer even though the request said `stream: false`. */
  | { kind: 'sse-for-nonstream'; chunks?: object[]; intervalMs?: number }
  /** Any status with a raw body (429, 500, the 554 text/plain answer, ...). */
  | { kind: 'status'; status: number; body: string; contentType?: string; headers?: Record<string, string>; delayMs?: number }
  /** Destroys the connection without answering. */
  | { kind: 'close-socket' }
  /** Never answers; the request ends when the client gives up or the fake closes. */
  | { kind: 'hang' }
  /** Sends 200 and SSE headers, then no body byte ever (a stream that stalls before its first byte). */
  | { kind: 'sse-silent' }
  /** An Anthropic Message; `body` defaults to a text block "Hello from fake claude" with cache-read usage. */
  | { kind: 'anthropic-json'; body?: object; status?: number; delayMs?: number; headers?: Record<string, string> }
  /**
   * An Anthropic event stream of `events` (default: message_start, ping, text deltas, message_delta,
   * message_stop), no `[DONE]`. An event without a name is named after its data's `type`.
   */
  | { kind: 'anthropic-sse'; events?: SseFixtureEvent[]; intervalMs?: number; delayMs?: number; dieAfter?: number; headers?: Record<string, string> }
  /** An Anthropic error body `{type:'error', error:{type, message}}` with this status. */
  | { kind: 'anthropic-error'; status: number; type?: string; message?: string; headers?: Record<string, string> }
  /** A 200 stream that sends message_start and some text, then an `event: error`, then ends. */
  | { kind: 'anthropic-sse-error'; type?: string; message?: string; intervalMs?: number }
  /**
   * Echoes the key the call presented, as relays that answer "invalid key sk-..." do: an error body
   * in the shape of the API called (Anthropic's on /v1/messages, else OpenAI's) with `status`
   * (default 401), the key also in an `x-echo-key` header. `midStream` answers 200 instead, sends
   * one chunk of text, then an error event naming the key, and ends the stream.
   */
  | { kind: 'echo-key'; status?: number; midStream?: boolean }
  /** Replays a recorded upstream answer. */
  | { kind: 'sample'; name: SampleName; intervalMs?: number; delayMs?: number };

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path with the query string, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or null when there was none or it was not JSON. */
  body: unknown;
  rawBody: string;
  /** The key the caller used: the `authorization: Bearer` token, else `x-api-key`, else null. */
  apiKey: string | null;
}

export interface FakeUpstreamOptions {
  /** Ids listed by GET /v1/models (default: gpt-4o-mini, gpt-4o, deepseek/deepseek-r1). */
  models?: string[];
  /** Behaviour of chat calls when nothing is queued (default `{ kind: 'auto' }`). */
  defaultBehaviour?: FakeBehaviour;
}

export interface FakeUpstream {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request received since the start or the last reset, in order. */
  readonly requests: RecordedRequest[];
  /** Requests whose client went away before the answer was complete. */
  readonly aborted: number;
  /** Requests received and not yet finished. */
  readonly activeRequests: number;
  /**
   * Behaviours for the next chat calls (Responses API, embeddings and count_tokens calls too), consumed in order.
   * `auto` answers embeddings with vectors (float, or base64 for `encoding_format: "base64"`) and
   * count_tokens with `{input_tokens}`; see fakeEmbeddingTokens and fakeInputTokens.
   */
  enqueue(...behaviours: FakeBehaviour[]): void;
  /** Behaviours for the next models calls, consumed in order (`auto` answers with the list). */
  enqueueModels(...behaviours: FakeBehaviour[]): void;
  setDefault(behaviour: FakeBehaviour): void;
  /** How many calls (of any path) carried this key since the last reset. */
  callsWithKey(key: string): number;
  /** Every call carrying this key gets this behaviour, before anything queued. */
  failKey(key: string, behaviour: FakeBehaviour): void;
  unfailKey(key: string): void;
  setModels(ids: string[]): void;
  /** Resolves once `aborted` reaches `count`; rejects after `timeoutMs`. */
  waitForAborted(count?: number, timeoutMs?: number): Promise<void>;
  /** Forgets requests, queues, failing keys and counters; restores the default behaviour and models. */
  reset(): void;
  /** Stops the server, ending hanging and streaming requests. */
  close(): Promise<void>;
}
