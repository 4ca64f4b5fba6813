import type { ResponseOutputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { isRecord, nonEmptyString } from '../json.util';
import { createCustomInputDecoder, type CustomInputDecoder } from './custom-input';
import { customToolCallItem, freshCallId, functionCallItem, type ItemStatus } from './output-items';
import { freshItemId } from './shared';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A stream event before its sequence number is given (the SDK's own event types). */
export type StreamEvent = DistributiveOmit<ResponseStreamEvent, 'sequence_number'>;

/** What the tool-call part of the stream converter needs from the whole. */
export interface ToolItemsHost {
  emit(event: StreamEvent): void;
  /** A new output item starts: the next output index (a text item still open is closed first). */
  openItem(): number;
  /** An item is done: its final form at its output index. */
  itemDone(index: number, item: ResponseOutputItem): void;
}

interface ToolItem {
  index: number;
  id: string;
  callId: string;
  name: string;
  args: string;
  /** Set for a custom tool: its input is decoded out of the `{"input": ...}` arguments. */
  decoder: CustomInputDecoder | null;
  done: boolean;
}

export interface ToolItems {
  /** One entry of a chat delta's `tool_calls`. */
  delta(call: unknown): void;
  /** The tool items not done yet, with a way to close each. */
  pending(): { index: number; close(status: ItemStatus): void }[];
}

/**
 * Chat tool-call deltas -> function_call items (function_call_arguments deltas) or, for the
 * request's custom tools, custom_tool_call items (custom_tool_call_input deltas). One item per chat
 * tool call index (or id, for upstreams that send no index); items stay open until the end, so
 * interleaved arguments of parallel calls each reach their own item.
 */
export function createToolItems(host: ToolItemsHost, customNames: ReadonlySet<string>): ToolItems {
  const tools = new Map<number, ToolItem>();
  const slotsById = new Map<string, number>();
  let lastSlot = -1;

  const slotOf = (call: Record<string, unknown>): number => {
    if (typeof call.index === 'number') return call.index;
    const id = nonEmptyString(call.id);
    if (id === null) return Math.max(lastSlot, 0);
    const known = slotsById.get(id);
    if (known !== undefined) return known;
    const slot = Math.max(lastSlot, ...tools.keys()) + 1;
    slotsById.set(id, slot);
    return slot;
  };

  const close = (tool: ToolItem, status: ItemStatus): void => {
    if (tool.done) return;
    tool.done = true;
    const at = { item_id: tool.id, output_index: tool.index };
    let final: ResponseOutputItem;
    if (tool.decoder !== null) {
      const rest = tool.decoder.end();
      if (rest !== '') host.emit({ type: 'response.custom_tool_call_input.delta', ...at, delta: rest });
      host.emit({ type: 'response.custom_tool_call_input.done', ...at, input: tool.decoder.input });
      final = customToolCallItem(tool.id, tool.callId, tool.name, tool.decoder.input);
    } else {
      host.emit({ type: 'response.function_call_arguments.done', ...at, arguments: tool.args, name: tool.name });
      final = functionCallItem(tool.id, tool.callId, tool.name, tool.args, status);
    }
    host.itemDone(tool.index, final);
  };

  const open = (call: Record<string, unknown>, fn: Record<string, unknown>): ToolItem => {
    const name = nonEmptyString(fn.name) ?? '';
    const custom = customNames.has(name);
    const index = host.openItem();
    const tool: ToolItem = { index, id: freshItemId(custom ? 'ctc' : 'fc'), callId: nonEmptyString(call.id) ?? freshCallId(), name, args: '', decoder: custom ? createCustomInputDecoder() : null, done: false };
    const item = custom ? customToolCallItem(tool.id, tool.callId, name, '') : functionCallItem(tool.id, tool.callId, name, '', 'in_progress');
    host.emit({ type: 'response.output_item.added', output_index: index, item });
    return tool;
  };

  return {
    delta(call) {
      if (!isRecord(call)) return;
      const slot = slotOf(call);
      lastSlot = slot;
      const fn = isRecord(call.function) ? call.function : {};
      let tool = tools.get(slot);
      if (tool === undefined) {
        tool = open(call, fn);
        tools.set(slot, tool);
      }
      const args = nonEmptyString(fn.arguments);
      if (args === null || tool.done) return;
      tool.args += args;
      const at = { item_id: tool.id, output_index: tool.index };
      if (tool.decoder === null) host.emit({ type: 'response.function_call_arguments.delta', ...at, delta: args });
      else {
        const delta = tool.decoder.push(args);
        if (delta !== '') host.emit({ type: 'response.custom_tool_call_input.delta', ...at, delta });
      }
    },
    pending() {
      return [...tools.values()].filter((t) => !t.done).map((t) => ({ index: t.index, close: (status: ItemStatus) => close(t, status) }));
    },
  };
}
