import { z } from 'zod';
import type { LocalTime } from '@aigw/config';

export const PROVIDER_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const providerName = z
  .string()
  .regex(PROVIDER_NAME, 'must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case letters, digits, "_" and "-"; no "/")');

/** A model id as an upstream names it; may contain "/". */
export const modelId = z.string().min(1).max(256).regex(/^\S+$/, 'must not contain whitespace');

/** A model as clients write it: `provider/model`, a bare id, or an alias. */
export const modelRef = modelId;

/** Money and prices: decimal(20, 10) columns hold less than 10^10. */
export const amount = z.number().min(0).lt(1e10);

/** An empty object is no change: reject it so a typo in every field name is not a silent no-op. */
export function nonEmpty(value: object): boolean {
  return Object.keys(value).length > 0;
}
export const NON_EMPTY_MESSAGE = 'the body must set at least one field';

/** `YYYY-MM-DD HH:mm:ss` in logging.timezone, or ISO 8601. */
export function timestamp(time: LocalTime): z.ZodType<Date, string> {
  return z.string().transform((text, ctx) => {
    const date = time.parse(text);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not ISO 8601 or YYYY-MM-DD HH:mm:ss (${time.timezone})` });
      return z.NEVER;
    }
    return date;
  });
}

export function futureTimestamp(time: LocalTime): z.ZodType<Date, string> {
  return timestamp(time).refine((date) => date.getTime() > Date.now(), 'must not be in the past');
}

/** A whole number in a query string. */
export function queryInt(min: number, max = Number.MAX_SAFE_INTEGER): z.ZodType<number, string> {
  return z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);
}
