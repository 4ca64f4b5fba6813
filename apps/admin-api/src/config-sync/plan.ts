import { z } from 'zod';
import { normalizeBaseUrl } from '@aigw/adapters';
import { resolveProviderKeys, type AigwConfig, type ConfigProvider } from '@aigw/config';
import { StartupError } from '@aigw/http';
import type { KeyStrategy, NewProvider } from '@aigw/store';
import { amount, modelId } from '../schemas/common';
import { maxOutputTokens } from '../schemas/model.schema';
import { providerCreateSchema, responsesApiProblem } from '../schemas/provider.schema';

/** One catalog model of a [[providers]] entry, checked. */
export interface PlannedModel {
  id: string;
  /** undefined: the file does not say; the stored cap is left as it is. */
  max_output_tokens?: number;
  price?: { prompt_per_million: number; completion_per_million: number; cached_prompt_per_million: number | null };
}

/** A [[providers]] entry checked as the admin API checks a provider: what the config sync writes. */
export interface PlannedProvider {
  /** The fields the file gives (base_url normalized); fields it leaves out are not touched. */
  fields: Required<Pick<NewProvider, 'name' | 'api_type' | 'base_url'>> & { models_endpoint?: string; key_strategy?: KeyStrategy; responses_api?: boolean };
  keys: string[];
  models: PlannedModel[];
  /** Set when base_url was normalized (e.g. "/v1" appended). */
  note?: string;
}

const modelSchema = z.object({ id: modelId, max_output_tokens: maxOutputTokens.unwrap().optional(), prompt: amount.optional(), completion: amount.optional(), cached: amount.optional() });

function label(index: number, name: string): string {
  return `config file providers[${index}] "${name}"`;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.join('.');
  return issue.code === 'unrecognized_keys' ? `${where ? `${where}.` : ''}${issue.keys.join(', ')}: unknown key` : `${where}: ${issue.message}`;
}

/** The keys are checked without naming any of them in the message. */
function planOne(entry: ConfigProvider, index: number): PlannedProvider {
  const { models, ...provider } = entry;
  const checked = providerCreateSchema.safeParse(provider);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const message = issue.path[0] === 'keys' ? `keys[${String(issue.path[1])}]: ${issue.message}` : firstIssue(checked.error);
    throw new StartupError(`${label(index, entry.name)}: ${message}`);
  }
  const problem = responsesApiProblem(entry.api_type, entry.responses_api);
  if (problem) throw new StartupError(`${label(index, entry.name)}: responses_api: ${problem}`);
  const { url, note } = normalizeBaseUrl(entry.api_type, entry.base_url);
  const planned: PlannedModel[] = models.map((m, i) => {
    const result = modelSchema.safeParse(m);
    if (!result.success) throw new StartupError(`${label(index, entry.name)}: models[${i}].${firstIssue(result.error)}`);
    const { id, max_output_tokens, prompt, completion, cached } = result.data;
    const price = prompt !== undefined && completion !== undefined ? { prompt_per_million: prompt, completion_per_million: completion, cached_prompt_per_million: cached ?? null } : undefined;
    return { id, ...(max_output_tokens !== undefined ? { max_output_tokens } : {}), ...(price ? { price } : {}) };
  });
  const repeated = planned.find((m, i) => planned.findIndex((o) => o.id === m.id) !== i);
  if (repeated) throw new StartupError(`${label(index, entry.name)}: models: "${repeated.id}" is listed twice`);
  const fields: PlannedProvider['fields'] = { name: entry.name, api_type: checked.data.api_type, base_url: url };
  if (entry.models_endpoint !== undefined) fields.models_endpoint = entry.models_endpoint;
  if (entry.key_strategy !== undefined) fields.key_strategy = entry.key_strategy;
  if (entry.responses_api !== undefined) fields.responses_api = entry.responses_api;
  return { fields, keys: entry.keys, models: planned, ...(note ? { note } : {}) };
}

/**
 * Reads the `env:NAME` keys from `env`, then checks every [[providers]] entry of the config as the
 * admin API would check it (api_type from the adapter registry, base URL, models endpoint, keys,
 * model ids, prices, output caps) before anything is written; the first bad entry is a StartupError
 * naming it, on one line.
 */
export function planConfigProviders(config: AigwConfig, env: NodeJS.ProcessEnv = process.env): PlannedProvider[] {
  let providers: ConfigProvider[];
  try {
    providers = resolveProviderKeys(config.providers, env);
  } catch (err) {
    throw new StartupError(`config file ${(err as Error).message}`);
  }
  return providers.map((entry, index) => planOne(entry, index));
}
