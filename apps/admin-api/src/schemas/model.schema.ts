import { z } from 'zod';
import { modelId, NON_EMPTY_MESSAGE, nonEmpty } from './common';

export const modelIdsSchema = z.object({ ids: z.array(modelId).min(1).max(1000) }).strict();

/** models.max_output_tokens is an integer column: a whole number of tokens, 1 to 2^31 - 1; null: no cap. */
export const maxOutputTokens = z.number().int('must be a whole number').min(1).max(2_147_483_647).nullable();

/** `unlisted: true` adds ids the upstream's /models does not list (marked so) instead of refusing them. */
export const modelAddSchema = z
  .object({ ids: z.array(modelId).min(1).max(1000), max_output_tokens: maxOutputTokens.optional(), unlisted: z.boolean().optional() })
  .strict();

export const modelPatchSchema = z.object({ max_output_tokens: maxOutputTokens.optional() }).strict().refine(nonEmpty, NON_EMPTY_MESSAGE);
