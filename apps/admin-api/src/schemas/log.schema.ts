import { z } from 'zod';
import type { LocalTime } from '@aigw/config';
import { OPERATIONS } from '../audit/operations';
import { queryInt, queryText, timestamp } from './common';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

function window(time: LocalTime) {
  return {
    status: queryInt(100, 599).optional(),
    from: timestamp(time).optional(),
    to: timestamp(time).optional(),
    // Above the cap is served at the cap rather than refused.
    limit: queryInt(1)
      .transform((n) => Math.min(n, MAX_LIMIT))
      .optional(),
    cursor: queryInt(1).optional(),
  };
}

function fromBeforeTo(q: { from?: Date; to?: Date }): boolean {
  return !q.from || !q.to || q.from.getTime() <= q.to.getTime();
}
const FROM_TO = { message: 'must not be after to', path: ['from'] };

export function logQuerySchemas(time: LocalTime) {
  const text = queryText;
  return {
    requestLogs: z
      .object({ token: text.optional(), client_request_id: text.optional(), model: text.optional(), provider: text.optional(), ...window(time) })
      .strict()
      .refine(fromBeforeTo, FROM_TO),
    adminLogs: z
      .object({ operation: z.enum(OPERATIONS).optional(), kind: z.enum(['changes', 'reads', 'all']).optional(), ...window(time) })
      .strict()
      .refine(fromBeforeTo, FROM_TO),
  };
}

export type LogQuerySchemas = ReturnType<typeof logQuerySchemas>;
