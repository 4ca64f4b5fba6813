import type { Request, Response } from 'express';
import type { KnownKey, StreamRelay, UpstreamRequest } from '@aigw/adapters';
import type { ModelPrice, ProviderKeyWithSecret } from '@aigw/store';
import type { Principal } from '../auth/authenticate';
import type { Reservation } from '../budget/budget-ledger';
import type { ChatDeps } from '../chat/chat-deps';
import type { ClientAnswer } from '../chat/forward';
import type { LimitAdmission } from '../limits/rate-limiter';
import type { RequestRecord } from '../record/request-record';
import type { Route } from '../routing/resolve-model';
import type { RoutingState } from '../state/routing-state';

/** What an endpoint's envelope check found: the few fields the gateway reads, and the body as sent. */
export interface EndpointRequest {
  model: string;
  stream: boolean;
  /** The most completion tokens the request asks for, or null when it sets no cap. */
  completionCap: number | null;
  /** The client's JSON body, as parsed. Nothing in the pipeline mutates it. */
  body: Record<string, unknown>;
}

/** A non-stream answer as the client gets it, plus the model the upstream said it used. */
export interface JsonAnswer extends ClientAnswer {
  responseModel: string | null;
  /** The answer as already parsed (ChatResult.json), so a codec converting it does not parse it again. */
  json?: unknown;
}

/**
 * How one request reaches the routed provider, made by the codec once the route is known: the
 * request per upstream key (converted or passed through), the prompt the estimates read, and the
 * readers of the answer.
 */
export interface UpstreamPlan {
  /** Chat Completions shaped view of the prompt: token estimates and usage bounds read it. */
  promptBody: Record<string, unknown>;
  /** Upper cost of the request for the budget hold, at this price (a token bound, never the tokenizer). */
  estimateCost(price: ModelPrice, defaultCompletionCap: number): number;
  /** The upstream request with this key (called once per key tried). */
  build(key: ProviderKeyWithSecret): UpstreamRequest;
  /** Per-stream state turning upstream bytes into the client's bytes. */
  streamRelay(): StreamRelay;
  /** Bytes of the error event that ends a stream whose upstream failed mid-way. */
  errorEvent(message: string): string;
  /** A whole upstream answer as the client gets it; `secrets` are scrubbed from any error it throws. */
  readJson(bytes: Buffer, contentType: string, secrets: readonly KnownKey[]): JsonAnswer;
  /** Set for input-only requests (embeddings): their local token count (see UsageBasis). */
  inputTokens?: () => number;
  /** Set with inputTokens: an upper bound of it without the tokenizer, which the rate limit holds. */
  inputTokenBound?: () => number;
  /** Set for endpoints that are never billed (count_tokens): no usage is settled on the row. */
  unbilled?: boolean;
  /** Set when the gateway answers itself, without an upstream call (count_tokens to a non-Anthropic provider). */
  answerLocally?: () => LocalAnswer;
  /** Only these of the provider's keys may be tried (a conversation pinned to the key that began it). */
  keyFilter?: (key: ProviderKeyWithSecret) => boolean;
  /** Work that must be done before the client's answer ends (the answer was read whole or relayed). */
  beforeAnswerEnds?: () => Promise<void>;
}

/** An answer the gateway makes itself (status 200). */
export interface LocalAnswer {
  body: string;
  contentType: string;
}

/**
 * One endpoint's protocol: the envelope it checks, its request types, and the conversion to and
 * from the routed provider's protocol (or pass-through). Adding an endpoint is one codec.
 */
export interface EndpointCodec {
  readonly name: string;
  /** Anthropic clients send their token as `x-api-key`; other endpoints take the bearer only. */
  readonly acceptsApiKeyHeader: boolean;
  /** request_logs.request_type of a request. */
  requestType(stream: boolean): string;
  /** Checks the envelope only; throws invalid_request naming the field. */
  parse(body: unknown): EndpointRequest;
  /** The plan for the routed provider; throws invalid_request when the body cannot be expressed there. */
  plan(request: EndpointRequest, route: Route, ctx: PipelineContext): UpstreamPlan | Promise<UpstreamPlan>;
  /**
   * A new request whose body asks for at most `cap` completion tokens (the body's own cap field
   * replaced, or set when the body has none), `completionCap` updated; the request given is left
   * as it was. Absent: the endpoint's requests are never clamped.
   */
  withCompletionCap?(request: EndpointRequest, cap: number): EndpointRequest;
}

/** What the stages learn about one request, in the order they run. */
export interface PipelineContext {
  readonly req: Request;
  readonly res: Response;
  readonly deps: ChatDeps;
  readonly record: RequestRecord;
  readonly codec: EndpointCodec;
  /** The routing state the request started with: one snapshot for the whole request. */
  readonly state: RoutingState;
  principal?: Principal;
  /** The request the stages go on with (the completion-cap stage clamps it to the route's cap). */
  request?: EndpointRequest;
  /** The request as the client asked it, before the route's cap (each fallback is clamped from it). */
  askedRequest?: EndpointRequest;
  route?: Route;
  plan?: UpstreamPlan;
  price?: ModelPrice;
  /** The budget hold; the pipeline settles it whatever happens after it is taken. */
  reservation?: Reservation;
  /** The rate limiter's count of this request; the pipeline corrects and releases it whatever happens. */
  limitAdmission?: LimitAdmission;
  /** The route's fallbacks this request may use, each planned for its own provider (fallback stage). */
  fallbacks?: Candidate[];
}

/** One target a request may be sent to: its route, the plan for its provider and its price. */
export interface Candidate {
  route: Route;
  plan: UpstreamPlan;
  /** The request as it goes to this target (clamped to its own model's cap). */
  request: EndpointRequest;
  /** What the client asked when this target's cap clamped it (the row's clamped_from), else null. */
  clampedFrom: number | null;
  /** Absent only for the admin token on a model without a price (or an unbilled endpoint). */
  price?: ModelPrice;
}

/** The route's own target, as the stages left it: the first candidate of callUpstream. */
export function routeCandidate(ctx: PipelineContext, stage: string): Candidate {
  const route = required(ctx.route, 'the route', stage);
  const plan = required(ctx.plan, 'the upstream plan', stage);
  const request = required(ctx.request, 'the request', stage);
  const clampedFrom = ctx.record.clampedFrom;
  // Two literals, not a spread with the price added (a new hidden class per call in Node 20).
  return ctx.price ? { route, plan, request, clampedFrom, price: ctx.price } : { route, plan, request, clampedFrom };
}

/** The route's target, then its fallbacks: every target the request may be sent to, in order. */
export function candidatesOf(ctx: PipelineContext, stage: string): Candidate[] {
  return [routeCandidate(ctx, stage), ...(ctx.fallbacks ?? [])];
}

/**
 * One step before the upstream call. Stages run in order; one that throws ends the request with
 * that error. A per-token rate limit, say, is one more stage in the list.
 */
export interface PolicyStage {
  readonly name: string;
  run(ctx: PipelineContext): Promise<void> | void;
}

/** A field an earlier stage sets; reading it before that stage ran is a wiring mistake. */
export function required<T>(value: T | undefined, what: string, stage: string): T {
  if (value === undefined) throw new Error(`pipeline stage "${stage}" needs ${what}, which no earlier stage set`);
  return value;
}
