import { z } from 'zod';

export const STATS_RANGES = ['24h', '7d'] as const;
export type StatsRange = (typeof STATS_RANGES)[number];

export const statsQuerySchema = z.object({ range: z.enum(STATS_RANGES).optional() }).strict();
