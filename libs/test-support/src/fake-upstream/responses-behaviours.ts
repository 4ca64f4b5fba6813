import { randomBytes } from 'node:crypto';
import { serveChat, type ChatExchange } from './behaviours';
import { sendJson, sendSse, sseEventText } from './respond';
import type { FakeBehaviour } from './types';

/**
 * The fake's OpenAI Responses API (POST /v1/responses, /responses). The `auto` answer is a
 * `response` (or its event stream) shaped by the request: a function_call item when the request
 * offers function tools and its last input item is not a function_call_output, otherwise a message
 * saying FAKE_RESPONSES_TEXT; a reasoning item first when the request sets `reasoning`. Like
 * OpenAI, a response lives in the account (key) that made it: a `previous_response_id` sent with
 * another key is answered 400 previous_response_not_found. Other behaviours play as for chat.
 */
export const FAKE_RESPONSES_TEXT = 'Hello from fake responses';
export const FAKE_RESPONSES_PIECES = ['Hello', ' from fake', ' responses'];
export const FAKE_RESPONSES_USAGE = { input_tokens: 12, cached: 4, output_tokens: 7, reasoning: 3 };

export const RESPONSES_PATHS = new Set(['/v1/responses', '/responses']);

/** Which key made each response id the fake answered. */
export class ResponsesMemory {
  private next = 0;
  private readonly owner = new Map<string, string | null>();
  mint(apiKey: string | null): string {
    // Unique across fakes, as OpenAI's ids are: a gateway keeps responses of every upstream by id.
    const id = `resp_fake_${++this.next}_${randomBytes(6).toString('hex')}`;
    this.owner.set(id, apiKey);
    return id;
  }
  ownedBy(id: string, apiKey: string | null): boolean {
    return this.owner.has(id) && this.owner.get(id) === apiKey;
  }
}

type Item = Record<string, unknown>;

function outputItems(body: Record<string, unknown>, id: string): Item[] {
  const items: Item[] = [];
  if (body.reasoning) items.push({ type: 'reasoning', id: `rs_${id}`, summary: [{ type: 'summary_text', text: 'Thinking about it.' }] });
  const input = Array.isArray(body.input) ? (body.input as Item[]) : [];
  const tools = Array.isArray(body.tools) ? (body.tools as Item[]) : [];
  const tool = tools.find((t) => t.type === 'function');
  if (tool && input.at(-1)?.type !== 'function_call_output') {
    items.push({ type: 'function_call', id: `fc_${id}`, call_id: `call_${id}`, name: tool.name, arguments: '{"city":"Paris"}', status: 'completed' });
  } else {
    items.push({ type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: FAKE_RESPONSES_TEXT, annotations: [] }] });
  }
  return items;
}

function responseOf(body: Record<string, unknown>, id: string, model: string, status: string, output: Item[]): Item {
  const u = FAKE_RESPONSES_USAGE;
  const reasoning = body.reasoning ? u.reasoning : 0;
  return {
    id,
    object: 'response',
    created_at: 1_700_000_000,
    status,
    model,
    output,
    previous_response_id: body.previous_response_id ?? null,
    usage:
      status === 'completed'
        ? { input_tokens: u.input_tokens, input_tokens_details: { cached_tokens: u.cached }, output_tokens: u.output_tokens, output_tokens_details: { reasoning_tokens: reasoning }, total_tokens: u.input_tokens + u.output_tokens }
        : null,
  };
}

/** The event sequence of one response, as OpenAI streams it. */
function streamEvents(body: Record<string, unknown>, id: string, model: string): string[] {
  const items = outputItems(body, id);
  const events: Item[] = [];
  const created = responseOf(body, id, model, 'in_progress', []);
  events.push({ type: 'response.created', response: created }, { type: 'response.in_progress', response: created });
  items.forEach((item, output_index) => {
    if (item.type === 'message') {
      const item_id = item.id;
      events.push({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', content: [] } });
      events.push({ type: 'response.content_part.added', item_id, output_index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      for (const delta of FAKE_RESPONSES_PIECES) events.push({ type: 'response.output_text.delta', item_id, output_index, content_index: 0, delta, logprobs: [] });
      events.push({ type: 'response.output_text.done', item_id, output_index, content_index: 0, text: FAKE_RESPONSES_TEXT, logprobs: [] });
      events.push({ type: 'response.content_part.done', item_id, output_index, content_index: 0, part: { type: 'output_text', text: FAKE_RESPONSES_TEXT, annotations: [] } });
    } else if (item.type === 'function_call') {
      events.push({ type: 'response.output_item.added', output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      events.push({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index, delta: item.arguments });
      events.push({ type: 'response.function_call_arguments.done', item_id: item.id, output_index, arguments: item.arguments });
    } else {
      events.push({ type: 'response.output_item.added', output_index, item: { ...item, summary: [] } });
    }
    events.push({ type: 'response.output_item.done', output_index, item });
  });
  events.push({ type: 'response.completed', response: responseOf(body, id, model, 'completed', items) });
  return events.map((data, sequence_number) => sseEventText({ event: String(data.type), data: { ...data, sequence_number } }));
}

/** Answers one Responses call as `behaviour` says (`auto`: see above). */
export async function serveResponses(behaviour: FakeBehaviour, ex: ChatExchange, body: Record<string, unknown>, memory: ResponsesMemory): Promise<void> {
  if (behaviour.kind !== 'auto') return serveChat(behaviour, ex);
  const previous = body.previous_response_id;
  if (typeof previous === 'string' && !memory.ownedBy(previous, ex.apiKey)) {
    const error = { message: `Previous response with id '${previous}' not found.`, type: 'invalid_request_error', param: 'previous_response_id', code: 'previous_response_not_found' };
    return sendJson(ex.res, 400, { error });
  }
  const id = memory.mint(ex.apiKey);
  if (ex.stream) return sendSse(ex, streamEvents(body, id, ex.model), { done: false });
  return sendJson(ex.res, 200, responseOf(body, id, ex.model, 'completed', outputItems(body, id)));
}
