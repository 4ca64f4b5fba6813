import { z } from 'zod';

/**
 * `[[providers]]`: upstream providers declared in the config file. The file gives their shape; the
 * admin-api's config sync checks each entry as the admin API would (api_type, base URL, model ids)
 * and reconciles it into the database at start.
 */

/** As the admin API's provider name: lower-case letters, digits, "_" and "-"; no "/". */
export const PROVIDER_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A key given as `env:NAME` is read from that environment variable at load. */
export const ENV_KEY_PREFIX = 'env:';

const price = z.number().min(0).lt(1e10);

/** A catalog model: its id, or a table with its id, its price per million tokens and its output cap; read as the table. */
const providerModel = z.preprocess(
  (v) => (typeof v === 'string' ? { id: v } : v),
  z
    .object({
      id: z.string().min(1, 'must not be empty'),
      /** Per million prompt tokens; set together with completion. */
      prompt: price.optional(),
      /** Per million completion tokens; set together with prompt. */
      completion: price.optional(),
      /** Per million cached prompt tokens (optional). */
      cached: price.optional(),
      max_output_tokens: z.number().int('must be a whole number').min(1).max(2_147_483_647).optional(),
    })
    .strict()
    .refine((m) => (m.prompt === undefined) === (m.completion === undefined), 'prompt and completion are set together')
    .refine((m) => m.cached === undefined || m.prompt !== undefined, 'cached needs prompt and completion'),
);

/** An array of keys, or one string of comma-separated keys; blanks around commas are ignored. */
const keyList = z
  .union([z.array(z.string().min(1, 'must not be empty')), z.string()])
  .transform((v) => (Array.isArray(v) ? v : v.split(',').map((k) => k.trim()).filter((k) => k.length > 0)));

export const providerEntrySchema = z
  .object({
    name: z.string().regex(PROVIDER_NAME, 'must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case letters, digits, "_" and "-"; no "/")'),
    /** Checked against the adapter registry by the config sync (this library does not know the adapters). */
    api_type: z.string().min(1, 'must not be empty'),
    base_url: z.string().min(1, 'must not be empty'),
    models_endpoint: z.string().min(1).optional(),
    key_strategy: z.enum(['first', 'round_robin', 'random']).optional(),
    /** openai type only: POST /v1/responses passes through to the upstream. */
    responses_api: z.boolean().optional(),
    keys: keyList.default([]),
    models: z.array(providerModel).default([]),
  })
  .strict();

export const providersSchema = z
  .array(providerEntrySchema)
  .default([])
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    entries.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${p.name}" is declared twice` });
      seen.add(p.name);
    });
  });

export type ConfigProvider = z.output<typeof providerEntrySchema>;
export type ConfigProviderModel = ConfigProvider['models'][number];

/** The label of one entry in messages: `providers[0] "deepseek"`. */
export function providerLabel(index: number, name: unknown): string {
  return typeof name === 'string' && name.length > 0 ? `providers[${index}] "${name}"` : `providers[${index}]`;
}

/**
 * The entries with each `env:NAME` key replaced by the value of that variable, checking that no key
 * repeats within a provider. Called only by the process that reconciles the providers (standalone,
 * admin-api), so a proxy reading the same file needs none of the variables. Throws one message
 * naming each problem (never a key itself).
 */
export function resolveProviderKeys(providers: ConfigProvider[], env: NodeJS.ProcessEnv): ConfigProvider[] {
  const problems: string[] = [];
  const resolved = providers.map((p, i) => {
    const seen = new Map<string, number>();
    const keys = p.keys.map((ref, k) => {
      let key = ref;
      if (ref.startsWith(ENV_KEY_PREFIX)) {
        const name = ref.slice(ENV_KEY_PREFIX.length);
        const value = env[name];
        if (value === undefined || value === '') {
          problems.push(`${providerLabel(i, p.name)}.keys[${k}]: environment variable ${name} is not set`);
          return ref;
        }
        key = value;
      }
      const first = seen.get(key);
      if (first !== undefined) problems.push(`${providerLabel(i, p.name)}.keys[${k}]: the same key as keys[${first}]`);
      else seen.set(key, k);
      return key;
    });
    return { ...p, keys };
  });
  if (problems.length > 0) throw new Error(problems.join('; '));
  return resolved;
}
