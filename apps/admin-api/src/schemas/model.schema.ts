import { z } from 'zod';
import { modelId } from './common';

export const modelIdsSchema = z.object({ ids: z.array(modelId).min(1).max(1000) }).strict();
