import { z } from 'zod';
import { ALIAS_MAX, modelRef, word } from './common';

export const aliasName = word(ALIAS_MAX);

export const aliasPutSchema = z.object({ target: modelRef }).strict();
