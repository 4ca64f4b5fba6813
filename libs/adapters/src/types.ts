import type { Usage } from '@aigw/usage';
import type { ApiType } from './registry';

export type { ApiType } from './registry';

/** The provider fields an adapter needs (a subset of the store's Provider row). */
export interface ProviderTarget {
  name: string;
  api_type: ApiType;
  base_url: string;
  models_endpoint: string | null;
}

/** A chat request after routing: the client's parsed JSON body and where it goes. */
export interface ChatCall {
  provider: ProviderTarget;
  /** The model id the upstream knows (the part after `provider/`, or the alias target's). */
  upstreamModel: string;
  /** The client's JSON body (OpenAI Chat Completions shape), as parsed. Adapters must not mutate it. */
  body: Record<string, unknown>;
  stream: boolean;
  /** Lower-cased request headers of the client (for pass-through such as anthropic-beta). */
  clientHeaders: Record<string, string | string[] | undefined>;
}

/** An embeddings request after routing: the client's parsed JSON body and where it goes. */
export type EmbeddingsCall = Pick<ChatCall, 'provider' | 'upstreamModel' | 'body'>;

/** The HTTP request to send upstream. */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A non-stream upstream answer turned into what the client receives. */
export interface ChatResult {
  /** Bytes for the client (the upstream's own bytes when no conversion was needed). */
  body: Buffer | string;
  contentType: string;
  /** Usage the upstream reported, or null when it reported none. */
  usage: Usage | null;
  /** The model the upstream said it used, when it said. */
  responseModel: string | null;
  /** The answer as the adapter parsed it (the completion `body` holds), when it did: readers use it, not parse `body` again. */
  json?: unknown;
}

/**
 * Per-stream state: takes raw upstream bytes as they arrive and returns the bytes to send to the
 * client now (possibly empty), tapping usage on the way.
 */
export interface StreamRelay {
  push(chunk: Buffer): Buffer | string;
  /** Called when the upstream body ended normally: trailing bytes for the client. */
  end(): Buffer | string;
  /** Usage seen so far, or null. */
  usage(): Usage | null;
  /** Text of the assistant's output seen so far (for token estimation when no usage came). */
  outputText(): string;
  responseModel(): string | null;
}

export interface ProviderAdapter {
  readonly apiType: ApiType;
  /**
   * Refuses (invalid_request naming the field) a chat body the provider's protocol cannot express,
   * before any key is tried or budget held. Absent: the protocol takes every body.
   */
  checkChatRequest?(call: ChatCall): void;
  /** Builds the upstream chat request with this upstream key. */
  buildChatRequest(call: ChatCall, apiKey: string): UpstreamRequest;
  /**
   * Builds the upstream embeddings request (OpenAI shape, passed through but for `model`); absent
   * when the provider type serves no embeddings.
   */
  buildEmbeddingsRequest?(call: EmbeddingsCall, apiKey: string): UpstreamRequest;
  /**
   * A 2xx non-stream answer. `contentType` is the upstream's; an SSE answer to a non-stream request
   * is aggregated into one chat.completion here.
   */
  readChatResponse(body: Buffer, contentType: string, call: ChatCall): ChatResult;
  /** A 2xx stream answer. */
  createStreamRelay(call: ChatCall): StreamRelay;
  /** Bytes of an error event to end a stream with when the upstream fails mid-way. */
  streamErrorEvent(message: string): string;
  /** URL and headers to list the upstream's models, or null when the provider has no models endpoint. */
  modelsRequest(provider: ProviderTarget, apiKey: string): { url: string; headers: Record<string, string> } | null;
  /** Extracts model ids from the models endpoint's JSON answer. */
  readModelIds(json: unknown): string[];
}
