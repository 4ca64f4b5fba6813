import { randomUUID } from 'node:crypto';
import { parseSseBody } from '../sse';
import { isRecord, nonEmptyString, parseJsonSafe } from '../json.util';

/**
 * Folds the chunks of an OpenAI-style stream into one `chat.completion` object, for an upstream
 * that streamed although the client asked for a plain answer. Nothing the upstream sent is
 * dropped: string deltas are joined, tool calls merged by index, unknown fields kept.
 */

type Json = Record<string, unknown>;

interface ChoiceState {
  index: number;
  message: Json;
  toolCalls: Map<number, Json>;
  finishReason: unknown;
  extras: Json;
}

interface StreamState {
  id: string | null;
  created: unknown;
  model: string | null;
  extras: Json;
  choices: Map<number, ChoiceState>;
  usage: Json | null;
}

// Fields that name a thing rather than carry a piece of text: the first value wins, since some
// upstreams repeat them in every chunk (GLM sends `role` each time).
const IDENTITY_KEYS = new Set(['role', 'id', 'type', 'index']);
// Top-level chunk fields the completion rebuilds itself.
const OWN_TOP_KEYS = new Set(['id', 'object', 'created', 'model', 'choices', 'usage']);

/** Function names normally come whole; a repeat is ignored, a differing piece is appended. */
function mergeName(current: unknown, piece: string): string {
  if (typeof current !== 'string' || current === '') return piece;
  return current === piece ? current : current + piece;
}

/** Deep-merges one delta into the accumulated object: strings and arrays concatenate. */
function mergeDelta(target: Json, delta: Json): void {
  for (const [key, value] of Object.entries(delta)) {
    const current = target[key];
    if (value === null || value === undefined) {
      if (!(key in target)) target[key] = null;
    } else if (IDENTITY_KEYS.has(key)) {
      if (current === undefined || current === null || current === '') target[key] = value;
    } else if (typeof value === 'string') {
      target[key] = key === 'name' ? mergeName(current, value) : typeof current === 'string' ? current + value : value;
    } else if (Array.isArray(value)) {
      if (Array.isArray(current)) current.push(...(value as unknown[]));
      else target[key] = [...(value as unknown[])];
    } else if (isRecord(value)) {
      const next: Json = isRecord(current) ? current : {};
      mergeDelta(next, value);
      target[key] = next;
    } else {
      target[key] = value;
    }
  }
}

/** Which accumulated tool call a delta continues; upstreams without `index` are matched by id. */
function toolCallSlot(calls: Map<number, Json>, delta: Json): number {
  if (typeof delta.index === 'number') return delta.index;
  const last = calls.size === 0 ? -1 : Math.max(...calls.keys());
  const id = nonEmptyString(delta.id);
  if (id === null) return Math.max(last, 0);
  for (const [slot, call] of calls) if (call.id === id) return slot;
  return last + 1;
}

function mergeToolCalls(calls: Map<number, Json>, deltas: unknown[]): void {
  for (const delta of deltas) {
    if (!isRecord(delta)) continue;
    const slot = toolCallSlot(calls, delta);
    const call = calls.get(slot) ?? {};
    const { index: _index, ...fields } = delta;
    mergeDelta(call, fields);
    calls.set(slot, call);
  }
}

function choiceState(state: StreamState, index: number): ChoiceState {
  let choice = state.choices.get(index);
  if (!choice) {
    choice = { index, message: {}, toolCalls: new Map(), finishReason: null, extras: {} };
    state.choices.set(index, choice);
  }
  return choice;
}

function addChoice(state: StreamState, raw: Json, position: number): void {
  const choice = choiceState(state, typeof raw.index === 'number' ? raw.index : position);
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'index') continue;
    if (key === 'delta' || key === 'message') {
      if (!isRecord(value)) continue;
      const { tool_calls: toolCalls, ...rest } = value;
      mergeDelta(choice.message, rest);
      if (Array.isArray(toolCalls)) mergeToolCalls(choice.toolCalls, toolCalls);
    } else if (key === 'finish_reason') {
      if (value !== null && value !== undefined) choice.finishReason = value;
    } else if (key === 'logprobs' && isRecord(value)) {
      mergeDelta(choice.extras, { logprobs: value });
    } else if (value !== null || !(key in choice.extras)) {
      choice.extras[key] = value;
    }
  }
}

function addChunk(state: StreamState, chunk: Json): void {
  state.id ??= nonEmptyString(chunk.id);
  state.model ??= nonEmptyString(chunk.model);
  if (state.created === undefined && typeof chunk.created === 'number') state.created = chunk.created;
  if (isRecord(chunk.usage)) state.usage = chunk.usage;
  if (Array.isArray(chunk.choices)) {
    chunk.choices.forEach((raw: unknown, position: number) => {
      if (isRecord(raw)) addChoice(state, raw, position);
    });
  }
  for (const [key, value] of Object.entries(chunk)) {
    if (OWN_TOP_KEYS.has(key)) continue;
    if (value !== null || !(key in state.extras)) state.extras[key] = value;
  }
}

function buildMessage(choice: ChoiceState): Json {
  const { role, content, ...rest } = choice.message;
  const message: Json = { role: role ?? 'assistant', content: content ?? null, ...rest };
  if (choice.toolCalls.size > 0) {
    message.tool_calls = [...choice.toolCalls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([slot, { id, type, ...fields }]) => ({ id: id ?? `call_${slot}`, type: type ?? 'function', ...fields }));
  }
  return message;
}

function buildCompletion(state: StreamState): Json {
  const choices = [...state.choices.values()]
    .sort((a, b) => a.index - b.index)
    .map((choice) => ({ index: choice.index, message: buildMessage(choice), finish_reason: choice.finishReason, ...choice.extras }));
  const completion: Json = {
    id: state.id ?? `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: state.created ?? Math.floor(Date.now() / 1000),
    model: state.model,
    ...state.extras,
    choices,
  };
  if (state.usage) completion.usage = state.usage;
  return completion;
}

/** The chat.completion an SSE body of chat.completion.chunk events amounts to. */
export function aggregateChatStream(body: Buffer | string): Json {
  const state: StreamState = { id: null, created: undefined, model: null, extras: {}, choices: new Map(), usage: null };
  for (const { data } of parseSseBody(body)) {
    if (data === '[DONE]') continue;
    const chunk = parseJsonSafe(data);
    if (isRecord(chunk)) addChunk(state, chunk);
  }
  return buildCompletion(state);
}
