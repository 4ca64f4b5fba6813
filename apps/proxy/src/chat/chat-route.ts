import type { Request, RequestHandler, Response } from 'express';
import type { Dispatcher } from 'undici';
import { getAdapter, type ChatCall } from '@aigw/adapters';
import { GatewayError } from '@aigw/shared-errors';
import { authenticate, type Principal } from '../auth/authenticate';
import type { BudgetLedger, Reservation } from '../budget/budget-ledger';
import { recordOf, type RequestRecord } from '../record/request-record';
import { displayKey, keysToTry } from '../routing/key-picker';
import { isModelAllowed, resolveModel, type Route } from '../routing/resolve-model';
import type { StateHolder } from '../state/state-holder';
import { estimateCost, parseChatBody, priceSnapshot, type ChatEnvelope } from './chat-request';
import { settleBudget } from './finish-usage';
import { CLIENT_GONE, forwardJson, forwardStream } from './forward';
import { sendWithFailover } from './upstream-client';

export interface ChatDeps {
  state: StateHolder;
  ledger: BudgetLedger;
  dispatcher: Dispatcher;
  upstreamTimeoutMs: number;
  defaultCompletionCap: number;
  keyDisplay: 'none' | 'masked' | 'plain';
}

/** POST /v1/chat/completions (DESIGN.md section 6). */
export function chatCompletionsHandler(deps: ChatDeps): RequestHandler {
  return async (req, res) => {
    const record = recordOf(res);
    const work = serveChat(req, res, deps, record);
    record.whenDone = work.then(
      () => undefined,
      () => undefined,
    );
    await work;
  };
}

async function serveChat(req: Request, res: Response, deps: ChatDeps, record: RequestRecord): Promise<void> {
  const state = deps.state.current;
  const principal = authenticate(req, record, state, deps.ledger);
  const { envelope, body } = parseChatBody(req.body);
  record.model = envelope.model;
  record.requestType = envelope.stream ? 'chat_stream' : 'chat';
  const route = resolveModel(envelope.model, state);
  record.provider = route.entry.provider.name;
  record.upstreamModel = route.upstreamModel;
  const reservation = await authorizeSpend(principal, envelope, body, route, deps, record);
  try {
    await callUpstream(req, res, deps, record, route, { body, stream: envelope.stream === true });
  } finally {
    await settleBudget(deps.ledger, reservation, record);
  }
}

/** Allow-list, price and budget hold: the checks that need the resolved model. */
async function authorizeSpend(
  principal: Principal,
  envelope: ChatEnvelope,
  body: Record<string, unknown>,
  route: Route,
  deps: ChatDeps,
  record: RequestRecord,
): Promise<Reservation | undefined> {
  const price = deps.state.current.price(route.entry.provider.name, route.upstreamModel);
  if (price) record.price = priceSnapshot(price);
  if (principal.kind === 'admin') return undefined;
  if (!isModelAllowed(principal.token.allowed_models, envelope.model, route)) {
    throw new GatewayError('model_not_allowed', `model "${envelope.model}" is not allowed for this token`, { param: 'model' });
  }
  if (!price) throw new GatewayError('price_not_set', `model "${route.canonical}" has no price set; ask the operator to set one`, { param: 'model' });
  const estimate = estimateCost(envelope, body, price, deps.defaultCompletionCap);
  const reservation = await deps.ledger.reserve(principal.token, estimate, record.requestId);
  // A hold cut to what was left caps the charge, so the token never ends above its budget.
  if (reservation?.clipped) record.costCap = floorDecimal(reservation.amount);
  return reservation;
}

function floorDecimal(amount: number): string {
  return (Math.floor(amount * 1e10) / 1e10).toFixed(10);
}

async function callUpstream(
  req: Request,
  res: Response,
  deps: ChatDeps,
  record: RequestRecord,
  route: Route,
  request: { body: Record<string, unknown>; stream: boolean },
): Promise<void> {
  const provider = route.entry.provider;
  const adapter = getAdapter(provider.api_type);
  const call: ChatCall = { provider, upstreamModel: route.upstreamModel, body: request.body, stream: request.stream, clientHeaders: req.headers };
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  let answer;
  try {
    answer = await sendWithFailover({
      keys: keysToTry(route.entry),
      build: (key) => adapter.buildChatRequest(call, key.key),
      dispatcher: deps.dispatcher,
      timeoutMs: deps.upstreamTimeoutMs,
      signal: abort.signal,
      provider: provider.name,
      onAttempt: (attempt, key) => {
        record.attempts = attempt;
        record.apiKey = displayKey(key, deps.keyDisplay);
      },
    });
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    record.failure = { message: CLIENT_GONE };
    record.statusOverride = 499;
    return;
  }
  if (request.stream && answer.contentType.includes('text/event-stream')) {
    await forwardStream(res, answer, adapter, call, record, abort.signal);
  } else {
    await forwardJson(res, answer, adapter, call, record);
  }
}
