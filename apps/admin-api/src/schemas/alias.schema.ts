import { z } from 'zod';
import { ALIAS_MAX, modelRef, word } from './common';

export const aliasName = word(ALIAS_MAX);

/** Most targets one alias may name. */
export const ALIAS_TARGETS_MAX = 16;

/** One fallback target: higher priority first, spread by weight (default 1) within a priority (default 0). */
export const aliasTargetSchema = z
  .object({
    model: modelRef,
    priority: z.number().int().min(-1000).max(1000).default(0),
    weight: z.number().positive().max(1_000_000).default(1),
  })
  .strict();

/** `{target}` (one model) or `{targets: [{model, priority, weight}]}` (fallbacks across providers), not both. */
export const aliasPutSchema = z.union([
  z.object({ target: modelRef }).strict(),
  z.object({ targets: z.array(aliasTargetSchema).min(1).max(ALIAS_TARGETS_MAX) }).strict(),
]);
