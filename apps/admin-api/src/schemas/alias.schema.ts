import { z } from 'zod';
import { modelRef } from './common';

export const aliasName = z.string().min(1).max(256).regex(/^\S+$/, 'must not contain whitespace');

export const aliasPutSchema = z.object({ target: modelRef }).strict();
