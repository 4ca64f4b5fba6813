import type { MessageTokensCount } from '@anthropic-ai/sdk/resources/messages';
import type { ModelInfo, ModelInfosPage } from '@anthropic-ai/sdk/resources/models';

/** A model the gateway lists: its id and when it entered the catalog (null when unknown, as for an alias). */
export interface ListedModel {
  id: string;
  created: Date | null;
}

/** The body of Anthropic's model list (ModelInfosPage): every model on one page. */
export type AnthropicModelList = Pick<ModelInfosPage, 'data' | 'has_more' | 'first_id' | 'last_id'>;

/**
 * Anthropic's model list for these models. The gateway knows no capabilities, limits or lifecycle
 * of a model, so those are null (`active`); an unknown date is the epoch, as Anthropic gives a
 * model whose release date is unknown.
 */
export function anthropicModelList(models: readonly ListedModel[]): AnthropicModelList {
  const data = models.map(
    (m): ModelInfo => ({
      type: 'model',
      id: m.id,
      display_name: m.id,
      created_at: (m.created ?? new Date(0)).toISOString(),
      capabilities: null,
      deprecated_at: null,
      lifecycle: 'active',
      line: null,
      max_input_tokens: null,
      max_tokens: null,
      retires_at: null,
    }),
  );
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

/** The body of a count_tokens answer (MessageTokensCount). */
export function messageTokensCount(inputTokens: number): MessageTokensCount {
  return { input_tokens: inputTokens };
}
