import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { parseSseBody } from '../src/sse';

/**
 * Test helpers for the Responses stream converter: the produced SSE read back frame by frame, its
 * event sequence checked for the invariants the SDK relies on, and the same bytes fed to the
 * official `openai` SDK's `responses.stream` (through a fetch that answers with them).
 */

export type Ev = ResponseStreamEvent & Record<string, unknown>;

/** The events of a Responses SSE text; every frame must be `event: <type>\ndata: <json>` with the type repeated in the data. */
export function sseEvents(text: string): Ev[] {
  const frames = text.split('\n\n').filter((f) => f !== '');
  for (const frame of frames) {
    const match = /^event: ([a-z_.]+)\ndata: (.+)$/s.exec(frame);
    if (!match) throw new Error(`bad frame: ${frame}`);
    if ((JSON.parse(match[2] ?? '') as { type: string }).type !== match[1]) throw new Error(`event name differs from data.type: ${frame}`);
  }
  return parseSseBody(text).map((e) => JSON.parse(e.data) as Ev);
}

/**
 * Checks what a Responses client relies on: sequence numbers 0, 1, 2...; response.created then
 * response.in_progress first; every item event names an item added at that output index and not yet
 * done; every added item done; one terminal event, last.
 */
export function checkSequence(events: Ev[]): void {
  events.forEach((e, i) => {
    if (e.sequence_number !== i) throw new Error(`event ${i} (${e.type}) has sequence_number ${e.sequence_number}`);
  });
  if (events[0]?.type !== 'response.created' || events[1]?.type !== 'response.in_progress') throw new Error('stream must open with response.created, response.in_progress');
  const open = new Map<number, string>();
  const done = new Set<number>();
  const terminal = ['response.completed', 'response.incomplete', 'response.failed'];
  events.forEach((e, i) => {
    if (terminal.includes(e.type) && i !== events.length - 1) throw new Error(`${e.type} before the end`);
    if (e.type === 'response.output_item.added') {
      if (open.has(e.output_index) || done.has(e.output_index)) throw new Error(`output_index ${e.output_index} added twice`);
      if (e.output_index !== open.size + done.size) throw new Error(`output_index ${e.output_index} out of order`);
      open.set(e.output_index, e.item.id as string);
      return;
    }
    if (e.type === 'response.output_item.done') {
      if (open.get(e.output_index) !== e.item.id) throw new Error(`output_item.done for an item not open: ${e.output_index}`);
      open.delete(e.output_index);
      done.add(e.output_index);
      return;
    }
    if ('item_id' in e && 'output_index' in e) {
      if (open.get(e.output_index as number) !== e.item_id) throw new Error(`${e.type} names item ${String(e.item_id)} not open at ${String(e.output_index)}`);
    }
  });
  if (open.size > 0) throw new Error(`items never done: ${[...open.values()].join(', ')}`);
  if (!terminal.includes(events[events.length - 1]?.type ?? '')) throw new Error('stream must end with a terminal event');
}

/** The SSE text through the official SDK: the events it yields and its accumulated final response. */
export async function throughSdk(sse: string): Promise<{ events: ResponseStreamEvent[]; final: OpenAI.Responses.Response }> {
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.invalid/v1',
    maxRetries: 0,
    fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });
  const stream = client.responses.stream({ model: 'm', input: 'hi' });
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return { events, final: await stream.finalResponse() };
}

interface Shape {
  required: string[];
  all: string[];
  /** The literal of its `type` field, when it has one. */
  type?: string;
}

/** Top-level interfaces of the SDK's responses.d.ts: their required and all field names. */
function sdkShapes(): Map<string, Shape> {
  const text = readFileSync(join(dirname(require.resolve('openai')), 'resources/responses/responses.d.ts'), 'utf8');
  const shapes = new Map<string, Shape>();
  for (const match of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const body = match[2] ?? '';
    const fields = [...body.matchAll(/^ {4}(\w+)(\??): /gm)];
    const type = /^ {4}type: '([^']+)';/m.exec(body)?.[1];
    shapes.set(match[1] ?? '', { required: fields.filter((f) => f[2] === '').map((f) => f[1] ?? ''), all: fields.map((f) => f[1] ?? ''), type });
  }
  return shapes;
}

const ITEM_SHAPES: Record<string, string> = {
  message: 'ResponseOutputMessage',
  function_call: 'ResponseFunctionToolCall',
  custom_tool_call: 'ResponseCustomToolCall',
  reasoning: 'ResponseReasoningItem',
};

function checkKeys(value: unknown, shape: Shape | undefined, what: string, except: string[] = []): void {
  if (shape === undefined) throw new Error(`no SDK type for ${what}`);
  const record = value as Record<string, unknown>;
  const missing = shape.required.filter((k) => !(k in record) && !except.includes(k));
  const unknown = Object.keys(record).filter((k) => !shape.all.includes(k));
  if (missing.length > 0 || unknown.length > 0) throw new Error(`${what}: missing ${missing.join(',') || '-'}, unknown ${unknown.join(',') || '-'}`);
}

/**
 * Every event checked against the SDK's declared event interface (all required fields present, no
 * field the SDK does not declare), and the items and response objects inside against theirs.
 */
export function checkAgainstSdkTypes(events: Ev[]): void {
  const shapes = sdkShapes();
  const eventShape = (type: string): Shape | undefined => [...shapes.entries()].find(([name, shape]) => name.endsWith('Event') && shape.type === type)?.[1];
  const response = shapes.get('Response') as Shape;
  // `output_text` is computed by the SDK on the client (the API does not send it); the API echoes `store`.
  const responseShape = { ...response, all: [...response.all, 'store'] };
  const checkItem = (item: unknown, what: string): void => {
    const type = (item as { type: string }).type;
    checkKeys(item, shapes.get(ITEM_SHAPES[type] ?? ''), `${what} (${type})`);
  };
  for (const event of events) {
    checkKeys(event, eventShape(event.type), `${event.type} event`);
    if ('item' in event) checkItem(event.item, `${event.type}.item`);
    if ('response' in event) {
      checkKeys(event.response, responseShape, `${event.type}.response`, ['output_text']);
      (event.response as { output: unknown[] }).output.forEach((item, i) => checkItem(item, `${event.type}.response.output[${i}]`));
    }
  }
}

/** A whole response object (a non-stream answer) checked against the SDK's Response and item types. */
export function checkResponseAgainstSdkTypes(response: unknown): void {
  checkAgainstSdkTypes([{ type: 'response.completed', response, sequence_number: 0 } as unknown as Ev]);
}
