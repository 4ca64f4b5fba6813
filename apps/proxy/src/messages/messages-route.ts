import type { Request, RequestHandler, Response } from 'express';
import {
  anthropicStreamErrorEvent,
  anthropicToOpenAiRequest,
  buildMessagesPassthrough,
  createMessagesTap,
  openAiToAnthropicMessage,
  readMessagesUsage,
  scrubKeys,
  type ChatCall,
  type KnownKey,
} from '@aigw/adapters';
import { GatewayError, UPSTREAM_BODY_LIMIT } from '@aigw/shared-errors';
import { withSpan, type Span } from '@aigw/telemetry';
import { authenticate } from '../auth/authenticate';
import type { ChatDeps } from '../chat/chat-deps';
import { authorizeSpend } from '../chat/authorize-spend';
import { parseChatBody, requestedModel } from '../chat/chat-request';
import { settleBudget } from '../chat/finish-usage';
import { forwardJson, forwardStream, type ClientAnswer } from '../chat/forward';
import { openUpstream, trackWork } from '../chat/open-upstream';
import { recordOf, type RequestRecord } from '../record/request-record';
import { resolveModel, type Route } from '../routing/resolve-model';
import { endChatSpan, failChatSpan, modelOf, setResponseModel, startChatSpan } from '../telemetry/chat-span';
import { toAnthropicRelay } from './convert-relay';

/**
 * POST /v1/messages: Anthropic clients reach any provider. An Anthropic upstream gets the request
 * as sent; any other goes through the OpenAI form and its answer is converted back.
 */
export function messagesHandler(deps: ChatDeps): RequestHandler {
  return async (req, res) => {
    const record = recordOf(res);
    await trackWork(record, serveMessages(req, res, deps, record));
  };
}

async function serveMessages(req: Request, res: Response, deps: ChatDeps, record: RequestRecord): Promise<void> {
  const state = deps.state.current;
  record.model = requestedModel(req.body);
  const principal = authenticate(req, record, state, deps.ledger, true);
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw new GatewayError('invalid_request', 'request body must be a JSON object with model, messages and max_tokens');
  }
  const anthropicBody = req.body as Record<string, unknown>;
  const { envelope, body } = parseChatBody(anthropicToOpenAiRequest(anthropicBody));
  record.model = envelope.model;
  record.requestType = envelope.stream ? 'messages_stream' : 'messages';
  const route = resolveModel(envelope.model, state);
  record.provider = route.entry.provider.name;
  record.upstreamModel = route.upstreamModel;
  const reservation = await authorizeSpend(principal, envelope, body, route, deps, record);
  const span = startChatSpan(record, route.entry.provider.api_type);
  try {
    if (route.entry.provider.api_type === 'anthropic') await passThrough(req, res, deps, record, route, anthropicBody, body, span);
    else await viaOpenAi(req, res, deps, record, route, body, envelope.model, span);
  } catch (err) {
    throw failChatSpan(span, err);
  } finally {
    endChatSpan(span, record);
    await settleBudget(deps.ledger, reservation, record);
  }
}

async function passThrough(
  req: Request,
  res: Response,
  deps: ChatDeps,
  record: RequestRecord,
  route: Route,
  anthropicBody: Record<string, unknown>,
  promptBody: Record<string, unknown>,
  span: Span,
): Promise<void> {
  const provider = route.entry.provider;
  const opened = await withSpan(span, () =>
    openUpstream(res, deps, record, route, (key) => buildMessagesPassthrough(anthropicBody, route.upstreamModel, key.key, provider.base_url, req.headers)),
  );
  if (!opened) return;
  if (anthropicBody.stream === true && opened.answer.contentType.includes('text/event-stream')) {
    const relay = createMessagesTap();
    await forwardStream(res, opened, record, { promptBody, relay, errorEvent: anthropicStreamErrorEvent });
    setResponseModel(span, relay.responseModel());
    return;
  }
  const convert = (bytes: Buffer, contentType: string): ClientAnswer => {
    const json = parseJson(bytes, opened.secrets);
    setResponseModel(span, modelOf(json));
    return { body: bytes, contentType, usage: readMessagesUsage(json), outputText: () => messageText(json) };
  };
  await forwardJson(res, opened, convert, record, promptBody);
}

async function viaOpenAi(
  req: Request,
  res: Response,
  deps: ChatDeps,
  record: RequestRecord,
  route: Route,
  body: Record<string, unknown>,
  requestedModel: string,
  span: Span,
): Promise<void> {
  const provider = route.entry.provider;
  const adapter = deps.adapterFor(provider.api_type);
  const call: ChatCall = { provider, upstreamModel: route.upstreamModel, body, stream: body.stream === true, clientHeaders: req.headers };
  const opened = await withSpan(span, () => openUpstream(res, deps, record, route, (key) => adapter.buildChatRequest(call, key.key)));
  if (!opened) return;
  if (call.stream && opened.answer.contentType.includes('text/event-stream')) {
    const relay = toAnthropicRelay(adapter.createStreamRelay(call), requestedModel);
    await forwardStream(res, opened, record, { promptBody: body, relay, errorEvent: anthropicStreamErrorEvent });
    setResponseModel(span, relay.responseModel());
    return;
  }
  const convert = (bytes: Buffer, contentType: string): ClientAnswer => {
    const result = adapter.readChatResponse(bytes, contentType, call);
    setResponseModel(span, result.responseModel);
    const message = openAiToAnthropicMessage(parseJson(result.body, opened.secrets), requestedModel);
    return { body: JSON.stringify(message), contentType: 'application/json', usage: result.usage, outputText: () => messageText(message) };
  };
  await forwardJson(res, opened, convert, record, body);
}

function parseJson(bytes: Buffer | string, secrets: readonly KnownKey[]): unknown {
  try {
    return JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch {
    // Scrubbed before the cut: a key across the cut would otherwise leave its prefix, which no later scrub finds.
    const body = scrubKeys(String(bytes), secrets).slice(0, UPSTREAM_BODY_LIMIT);
    throw new GatewayError('upstream_error', 'upstream answered with a body that is not JSON', { upstream: { body } });
  }
}

/** Text and thinking of an Anthropic Message, for estimates. */
function messageText(message: unknown): string {
  const content = (message as { content?: { text?: unknown; thinking?: unknown }[] } | null)?.content;
  if (!Array.isArray(content)) return '';
  return content.map((b) => [b.text, b.thinking].filter((t) => typeof t === 'string').join('')).join('');
}
