import { z } from 'zod';
import type { LocalTime } from '@aigw/config';
import { mcpAllowEntryProblem } from '@aigw/store';
import { NON_EMPTY_MESSAGE, amount, futureTimestamp, modelRef, nonEmpty, text } from './common';

const tokenName = z.string().trim().pipe(text(128));
const allowedModels = z.array(modelRef).max(1000).nullable();
/** MCP access, opt-in: `server` or `server/tool` entries; null or [] for none. */
const mcpEntry = z.string().superRefine((entry, ctx) => {
  const problem = mcpAllowEntryProblem(entry);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const mcpAllowed = z.array(mcpEntry).max(1000).nullable();
/** A per-token rate limit: a positive whole number, null for none. */
const rateLimit = z.number().int().positive().max(1_000_000_000).nullable().optional();

export function tokenSchemas(time: LocalTime) {
  const fields = {
    allowed_models: allowedModels.optional(),
    mcp_allowed: mcpAllowed.optional(),
    max_amount: amount.nullable().optional(),
    rpm_limit: rateLimit,
    tpm_limit: rateLimit,
    concurrency_limit: rateLimit,
    expires_at: futureTimestamp(time).nullable().optional(),
    enabled: z.boolean().optional(),
  };
  return {
    create: z.object({ name: tokenName, ...fields }).strict(),
    patch: z
      .object({ name: tokenName.optional(), ...fields })
      .strict()
      .refine(nonEmpty, NON_EMPTY_MESSAGE),
  };
}

export type TokenSchemas = ReturnType<typeof tokenSchemas>;
