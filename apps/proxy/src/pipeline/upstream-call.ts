import type { Response } from 'express';
import { withSpan, type Span } from '@aigw/telemetry';
import { CLIENT_GONE, forwardJson, forwardStream, type ClientAnswer } from '../chat/forward';
import { openUpstream, type OpenedUpstream } from '../chat/open-upstream';
import { elapsedMs, markFirstByte, type RequestRecord } from '../record/request-record';
import { endChatSpan, failChatSpan, setResponseModel, startChatSpan } from '../telemetry/chat-span';
import { addAttempt, canFailOver, failedStatus, useCandidate } from './fallback-attempts';
import { awaitFirstByte } from './first-byte';
import { candidatesOf, required, type Candidate, type EndpointRequest, type LocalAnswer, type PipelineContext } from './types';

/**
 * The upstream call, then the relay. The route's target is tried first, then its fallbacks (an
 * alias's other targets, planned by the fallback stage), at most `routing.max_attempts` targets and
 * none begun after `server.upstream_timeout` has passed since the request came. Each target is one
 * openUpstream (its provider's keys with their own failover); a failure before the first byte that
 * canFailOver allows goes on to the next target; for a stream, no body byte within
 * `routing.first_byte_timeout` is such a failure. After the first byte there is no retry. Every
 * target tried is one entry of the row's attempt details. A plan that answers locally
 * (count_tokens to a provider without such an endpoint) is answered here, without any of that.
 */
export async function callUpstream(ctx: PipelineContext): Promise<void> {
  const { res, record, deps } = ctx;
  const plan = required(ctx.plan, 'the upstream plan', 'upstream');
  if (plan.answerLocally) return sendLocalAnswer(res, record, plan.answerLocally());
  const candidates = candidatesOf(ctx, 'upstream').slice(0, Math.max(1, deps.maxAttempts));
  const deadlineMs = deps.upstreamTimeoutMs;
  let keyAttempts = 0;
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i]!;
    useCandidate(record, candidate);
    const span = startChatSpan(record, candidate.route.entry.provider.api_type);
    const startedMs = elapsedMs(record);
    let opened: OpenedUpstream | undefined;
    try {
      record.attempts = 0;
      try {
        opened = await withSpan(span, () => openCandidate(ctx, candidate));
      } finally {
        keyAttempts += record.attempts;
        record.attempts = keyAttempts;
      }
      if (!opened) {
        addAttempt(record, candidate, startedMs, null, new Error(CLIENT_GONE));
        return;
      }
      addAttempt(record, candidate, startedMs, opened.answer.status);
      await relay(ctx, candidate, opened, span);
      return;
    } catch (err) {
      failChatSpan(span, err);
      if (opened) throw err;
      addAttempt(record, candidate, startedMs, failedStatus(err), err);
      const more = i < candidates.length - 1 && elapsedMs(record) < deadlineMs && !res.destroyed;
      if (!more || !canFailOver(err)) throw err;
      deps.logger.info({ requestId: record.requestId, provider: candidate.route.entry.provider.name, next: candidates[i + 1]!.route.canonical }, 'target failed before its first byte; trying the next one');
    } finally {
      endChatSpan(span, record);
    }
  }
}

/**
 * One target's upstream answer, ready to relay: for a stream answer to a stream request, only once
 * its first body byte has come. undefined when the client left first.
 */
async function openCandidate(ctx: PipelineContext, candidate: Candidate): Promise<OpenedUpstream | undefined> {
  const { plan, route, request } = candidate;
  const opened = await openUpstream(ctx.res, ctx.deps, ctx.record, route, (key) => plan.build(key), plan.keyFilter);
  if (!opened || !isStream(request, opened)) return opened;
  try {
    await awaitFirstByte(opened.answer.body, ctx.deps.firstByteTimeoutMs, opened.provider);
  } catch (err) {
    if (opened.signal.aborted) return clientGone(ctx.record);
    // Headers but no body in time: the key's breaker counts it like a timeout.
    await ctx.deps.keyHealth.report(opened.answer.key, opened.provider, { kind: 'failure', message: (err as Error).message });
    throw err;
  }
  return opened;
}

function clientGone(record: RequestRecord): undefined {
  record.failure = { message: CLIENT_GONE };
  record.statusOverride = 499;
  return undefined;
}

function isStream(request: EndpointRequest, opened: OpenedUpstream): boolean {
  return request.stream && opened.answer.contentType.includes('text/event-stream');
}

/**
 * The answer of the target that answered, through its own plan: a stream relayed, anything else
 * read whole. Not async: the whole answer's promise is forwardJson's own.
 */
function relay(ctx: PipelineContext, candidate: Candidate, opened: OpenedUpstream, span: Span): Promise<void> {
  const { res, record } = ctx;
  const { plan, request } = candidate;
  if (isStream(request, opened)) return relayStream(ctx, candidate, opened, span);
  const convert = (bytes: Buffer, contentType: string): ClientAnswer => {
    const answer = plan.readJson(bytes, contentType, opened.secrets);
    setResponseModel(span, answer.responseModel);
    return answer;
  };
  return forwardJson(res, opened, convert, record, plan, plan.beforeAnswerEnds);
}

async function relayStream(ctx: PipelineContext, candidate: Candidate, opened: OpenedUpstream, span: Span): Promise<void> {
  const { plan } = candidate;
  const streamRelay = plan.streamRelay();
  await forwardStream(ctx.res, opened, ctx.record, { promptBody: plan.promptBody, relay: streamRelay, errorEvent: (m) => plan.errorEvent(m), beforeEnd: plan.beforeAnswerEnds });
  setResponseModel(span, streamRelay.responseModel());
}

/** A plan that answers itself: no upstream, no span, the bytes as the codec made them. */
function sendLocalAnswer(res: Response, record: RequestRecord, answer: LocalAnswer): void {
  markFirstByte(record);
  res.statusCode = 200;
  res.setHeader('content-type', answer.contentType);
  res.end(answer.body);
}
