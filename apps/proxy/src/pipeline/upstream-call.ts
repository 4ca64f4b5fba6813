import type { Response } from 'express';
import { withSpan } from '@aigw/telemetry';
import { forwardJson, forwardStream, type ClientAnswer } from '../chat/forward';
import { openUpstream } from '../chat/open-upstream';
import { markFirstByte, type RequestRecord } from '../record/request-record';
import { endChatSpan, failChatSpan, setResponseModel, startChatSpan } from '../telemetry/chat-span';
import { required, type LocalAnswer, type PipelineContext } from './types';

/**
 * The upstream call with key failover, then the relay: a stream answer to a stream request goes
 * through the codec's stream relay, anything else is read whole and turned into the client's
 * answer by the codec. Runs inside the span of the exchange. A plan that answers locally
 * (count_tokens to a provider without such an endpoint) is answered here, without any of that.
 */
export async function callUpstream(ctx: PipelineContext): Promise<void> {
  const { res, deps, record } = ctx;
  const request = required(ctx.request, 'the request', 'upstream');
  const route = required(ctx.route, 'the route', 'upstream');
  const plan = required(ctx.plan, 'the upstream plan', 'upstream');
  if (plan.answerLocally) return sendLocalAnswer(res, record, plan.answerLocally());
  const span = startChatSpan(record, route.entry.provider.api_type);
  try {
    const opened = await withSpan(span, () => openUpstream(res, deps, record, route, (key) => plan.build(key), plan.keyFilter));
    if (!opened) return;
    if (request.stream && opened.answer.contentType.includes('text/event-stream')) {
      const relay = plan.streamRelay();
      await forwardStream(res, opened, record, { promptBody: plan.promptBody, relay, errorEvent: (m) => plan.errorEvent(m), beforeEnd: plan.beforeAnswerEnds });
      setResponseModel(span, relay.responseModel());
      return;
    }
    const convert = (bytes: Buffer, contentType: string): ClientAnswer => {
      const answer = plan.readJson(bytes, contentType, opened.secrets);
      setResponseModel(span, answer.responseModel);
      return answer;
    };
    await forwardJson(res, opened, convert, record, plan, plan.beforeAnswerEnds);
  } catch (err) {
    throw failChatSpan(span, err);
  } finally {
    endChatSpan(span, record);
  }
}

/** A plan that answers itself: no upstream, no span, the bytes as the codec made them. */
function sendLocalAnswer(res: Response, record: RequestRecord, answer: LocalAnswer): void {
  markFirstByte(record);
  res.statusCode = 200;
  res.setHeader('content-type', answer.contentType);
  res.end(answer.body);
}
