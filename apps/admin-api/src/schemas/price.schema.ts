import { z } from 'zod';
import { amount, modelId, text } from './common';

export const pricePutSchema = z
  .object({
    provider: text(64),
    model: modelId,
    prompt_per_million: amount,
    completion_per_million: amount,
    cached_prompt_per_million: amount.nullable().optional(),
    // model_prices.currency is varchar(8); it must equal billing.currency anyway.
    currency: text(8).optional(),
  })
  .strict();
