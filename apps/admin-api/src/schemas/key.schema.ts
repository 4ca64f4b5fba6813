import { z } from 'zod';
import { upstreamKey } from './provider.schema';

export const keysAddSchema = z.object({ keys: z.array(upstreamKey).min(1).max(1000) }).strict();

export const keysListQuery = z.object({ reveal: z.enum(['true', 'false']).optional() }).strict();
