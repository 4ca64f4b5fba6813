import { z } from 'zod';
import { API_TYPES } from '@aigw/adapters';
import { NON_EMPTY_MESSAGE, nonEmpty, providerName, text, word } from './common';

// The provider types come from the adapter registry, the one place they are listed.
export const apiType = z.enum(API_TYPES);
export const keyStrategy = z.enum(['first', 'round_robin', 'random']);

function isPlainHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !url.username && !url.password;
  } catch {
    return false;
  }
}

// Checked as given: the URL parser would quietly drop or encode control characters.
const baseUrl = text(2048).refine(isPlainHttpUrl, 'must be an http(s) URL without credentials, query or fragment');
const modelsEndpoint = word(512).refine((s) => s.startsWith('/'), 'must start with "/"');

/** One upstream API key as given by the operator (its hint lands in provider_keys.key_hint). */
export const upstreamKey = word(1024);

export const providerCreateSchema = z
  .object({
    name: providerName,
    api_type: apiType,
    base_url: baseUrl,
    models_endpoint: modelsEndpoint.nullable().optional(),
    key_strategy: keyStrategy.optional(),
    enabled: z.boolean().optional(),
    responses_api: z.boolean().optional(),
    keys: z.array(upstreamKey).max(1000).optional(),
  })
  .strict();

/** The name is not patchable: allow-lists, aliases and logs refer to models as `name/model`. */
export const providerPatchSchema = z
  .object({
    api_type: apiType.optional(),
    base_url: baseUrl.optional(),
    models_endpoint: modelsEndpoint.nullable().optional(),
    key_strategy: keyStrategy.optional(),
    enabled: z.boolean().optional(),
    responses_api: z.boolean().optional(),
  })
  .strict()
  .refine(nonEmpty, NON_EMPTY_MESSAGE);

/** Only an openai-type upstream can speak the Responses API: what is wrong with the pair, if anything. */
export function responsesApiProblem(apiType: string, responsesApi: boolean | undefined): string | undefined {
  if (responsesApi === true && apiType !== 'openai') return `only an openai-type provider can speak the Responses API (api_type is "${apiType}")`;
  return undefined;
}

export const emptyQuery = z.object({}).strict();
