import type { RequestRecord } from '../../record/request-record';
import type { Route } from '../../routing/resolve-model';
import type { RoutingState } from '../../state/routing-state';
import { chatCodec } from '../codecs/chat.codec';
import { messagesCodec } from '../codecs/messages.codec';
import type { EndpointCodec, PipelineContext } from '../types';
import { completionCapStage } from './completion-cap.stage';

const route = { entry: { provider: { name: 'claude' } }, upstreamModel: 'claude-haiku' } as unknown as Route;

function run(codec: EndpointCodec, body: Record<string, unknown>, cap: number | null): PipelineContext {
  const state = { outputCap: (provider: string, model: string) => (provider === 'claude' && model === 'claude-haiku' ? cap : null) } as unknown as RoutingState;
  const ctx = { codec, state, route, request: codec.parse(body), record: { clampedFrom: null } as unknown as RequestRecord } as unknown as PipelineContext;
  completionCapStage.run(ctx);
  return ctx;
}

const messages = [{ role: 'user', content: 'hi' }];

describe('completion-cap stage', () => {
  it('chat: a max_tokens over the cap is clamped and recorded; the client body is left as sent', () => {
    const body = { model: 'claude/claude-haiku', messages, max_tokens: 32000 };
    const ctx = run(chatCodec, body, 8192);
    expect(ctx.request).toMatchObject({ completionCap: 8192, body: { max_tokens: 8192 } });
    expect(ctx.record.clampedFrom).toBe(32000);
    expect(body.max_tokens).toBe(32000);
  });

  it('chat: max_completion_tokens is the field replaced when the client sent it, and both when it sent both', () => {
    const one = run(chatCodec, { model: 'm', messages, max_completion_tokens: 20000 }, 8192).request!.body;
    expect(one).toMatchObject({ max_completion_tokens: 8192 });
    expect(one).not.toHaveProperty('max_tokens');
    const both = run(chatCodec, { model: 'm', messages, max_completion_tokens: 20000, max_tokens: 100 }, 8192).request!;
    expect(both).toMatchObject({ completionCap: 8192, body: { max_completion_tokens: 8192, max_tokens: 100 } });
  });

  it('chat: a request with no cap gets max_tokens = the cap, not recorded as clamped', () => {
    const ctx = run(chatCodec, { model: 'm', messages }, 8192);
    expect(ctx.request).toMatchObject({ completionCap: 8192, body: { max_tokens: 8192 } });
    expect(ctx.record.clampedFrom).toBeNull();
  });

  it('under or at the cap, or no catalog cap: the request is unchanged', () => {
    for (const [asked, cap] of [[100, 8192], [8192, 8192], [32000, null]] as const) {
      const body = { model: 'm', messages, max_tokens: asked };
      const ctx = run(chatCodec, body, cap);
      expect(ctx.request!.body).toBe(body);
      expect(ctx.record.clampedFrom).toBeNull();
    }
  });

  it('messages: max_tokens over the cap is clamped and recorded', () => {
    const ctx = run(messagesCodec, { model: 'claude/claude-haiku', messages, max_tokens: 32000 }, 8192);
    expect(ctx.request).toMatchObject({ completionCap: 8192, body: { max_tokens: 8192, messages } });
    expect(ctx.record.clampedFrom).toBe(32000);
  });

  it('messages: a thinking budget that no longer fits under the cap is lowered below it', () => {
    const thinking = { type: 'enabled', budget_tokens: 31999 };
    expect(run(messagesCodec, { model: 'm', messages, max_tokens: 32000, thinking }, 8192).request!.body.thinking).toEqual({ type: 'enabled', budget_tokens: 8191 });
    const fits = { type: 'enabled', budget_tokens: 4000 };
    expect(run(messagesCodec, { model: 'm', messages, max_tokens: 32000, thinking: fits }, 8192).request!.body.thinking).toBe(fits);
  });
});
