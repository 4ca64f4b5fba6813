import type { Request, RequestHandler, Response } from 'express';
import type { ChatCall } from '@aigw/adapters';
import { withSpan } from '@aigw/telemetry';
import { authenticate } from '../auth/authenticate';
import { recordOf, type RequestRecord } from '../record/request-record';
import { resolveModel } from '../routing/resolve-model';
import { endChatSpan, failChatSpan, setResponseModel, startChatSpan } from '../telemetry/chat-span';
import { authorizeSpend } from './authorize-spend';
import type { ChatDeps } from './chat-deps';
import { parseChatBody, requestedModel } from './chat-request';
import { settleBudget } from './finish-usage';
import { completionTextOf, forwardJson, forwardStream } from './forward';
import { openUpstream, trackWork } from './open-upstream';

export type { ChatDeps } from './chat-deps';

/** POST /v1/chat/completions (DESIGN.md section 6). */
export function chatCompletionsHandler(deps: ChatDeps): RequestHandler {
  return async (req, res) => {
    const record = recordOf(res);
    await trackWork(record, serveChat(req, res, deps, record));
  };
}

async function serveChat(req: Request, res: Response, deps: ChatDeps, record: RequestRecord): Promise<void> {
  const state = deps.state.current;
  record.model = requestedModel(req.body);
  const principal = authenticate(req, record, state, deps.ledger);
  const { envelope, body } = parseChatBody(req.body);
  record.model = envelope.model;
  record.requestType = envelope.stream ? 'chat_stream' : 'chat';
  const route = resolveModel(envelope.model, state);
  record.provider = route.entry.provider.name;
  record.upstreamModel = route.upstreamModel;
  const reservation = await authorizeSpend(principal, envelope, body, route, deps, record);
  const span = startChatSpan(record, route.entry.provider.api_type);
  try {
    const provider = route.entry.provider;
    const adapter = deps.adapterFor(provider.api_type);
    const call: ChatCall = { provider, upstreamModel: route.upstreamModel, body, stream: envelope.stream === true, clientHeaders: req.headers };
    const opened = await withSpan(span, () => openUpstream(res, deps, record, route, (key) => adapter.buildChatRequest(call, key.key)));
    if (!opened) return;
    if (call.stream && opened.answer.contentType.includes('text/event-stream')) {
      const relay = adapter.createStreamRelay(call);
      await forwardStream(res, opened, record, { promptBody: body, relay, errorEvent: (m) => adapter.streamErrorEvent(m) });
      setResponseModel(span, relay.responseModel());
    } else {
      const convert = (bytes: Buffer, type: string) => {
        const result = adapter.readChatResponse(bytes, type, call);
        setResponseModel(span, result.responseModel);
        return { ...result, outputText: () => completionTextOf(result.body) };
      };
      await forwardJson(res, opened, convert, record, body);
    }
  } catch (err) {
    throw failChatSpan(span, err);
  } finally {
    endChatSpan(span, record);
    await settleBudget(deps.ledger, reservation, record);
  }
}
