import { z } from 'zod';
import { amount, modelId } from './common';

export const pricePutSchema = z
  .object({
    provider: z.string().min(1).max(64),
    model: modelId,
    prompt_per_million: amount,
    completion_per_million: amount,
    cached_prompt_per_million: amount.nullable().optional(),
    currency: z.string().min(1).max(16).optional(),
  })
  .strict();
