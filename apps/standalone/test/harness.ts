import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { parseConfig, type AigwConfigInput } from '@aigw/config';
import { createLogger } from '@aigw/telemetry';
import type { RequestLog, Token } from '@aigw/store';
import { startStandalone, type Standalone } from '../src';

export interface TestGateway extends Omit<Standalone, 'adminToken'> {
  /** The admin token minted at start (tests never configure security.admin_token_sha256 here). */
  adminToken: string;
  /** An `openai` SDK client pointed at the gateway (no SDK retries, so each call is one request). */
  client(token: string): OpenAI;
  /** An `@anthropic-ai/sdk` client pointed at the gateway. */
  anthropic(token: string): Anthropic;
  /** Adds a provider with keys, catalog models and prices straight into the store, then reloads. */
  addProvider(spec: ProviderSpec): Promise<void>;
  /** Every key active again (enabled, no invalid mark, no cooling or open breaker): tests that provoke 401/429 on shared providers start clean. */
  resetKeyHealth(): Promise<void>;
  /** A token straight into the store, with its plaintext key (which the store does not keep). */
  addToken(spec?: {
    max_amount?: number | null;
    allowed_models?: string[] | null;
    expires_at?: Date | null;
    enabled?: boolean;
    rpm_limit?: number | null;
    tpm_limit?: number | null;
    concurrency_limit?: number | null;
    mcp_allowed?: string[] | null;
  }): Promise<IssuedToken>;
  /** Waits for pending usage events, then returns request_logs rows, oldest first. */
  logs(): Promise<RequestLog[]>;
  raw(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Response>;
}

export type IssuedToken = Token & { key: string };

export interface ProviderSpec {
  name: string;
  baseUrl: string;
  keys: string[];
  strategy?: 'first' | 'round_robin' | 'random';
  apiType?: 'openai' | 'anthropic' | 'zhipu';
  /** The upstream speaks the Responses API (providers.responses_api). */
  responsesApi?: boolean;
  /** `maxOutputTokens`: the catalog's output cap of the model (max_output_tokens). */
  models?: { id: string; prompt?: number; completion?: number; cached?: number | null; maxOutputTokens?: number }[];
}

/** `logLines` collects every log line (level info and up) the gateway writes, as JSON text. */
export async function startTestGateway(overrides: AigwConfigInput = {}, options: { logLines?: string[] } = {}): Promise<TestGateway> {
  const config = parseConfig({
    ...overrides,
    server: { host: '127.0.0.1', port: 0, upstream_timeout: '3s', ...overrides.server },
    database: { url: 'sqlite::memory:', ...overrides.database },
    logging: { level: 'silent', ...overrides.logging },
  });
  const lines = options.logLines;
  const logger = lines
    ? createLogger({ level: 'info', timezone: config.logging.timezone }, { write: (line: string) => void lines.push(line) })
    : createLogger({ level: config.logging.level, timezone: config.logging.timezone });
  const gw = await startStandalone({ config, logger, reloadIntervalMs: 0 });
  const { store } = gw;
  let tokenCount = 0;
  return {
    ...gw,
    adminToken: gw.adminToken ?? '',
    client(token: string) {
      return new OpenAI({ apiKey: token, baseURL: `${gw.url}/v1`, maxRetries: 0, timeout: 10_000 });
    },
    anthropic(token: string) {
      return new Anthropic({ apiKey: token, baseURL: gw.url, maxRetries: 0, timeout: 10_000 });
    },
    async addProvider(spec) {
      const provider = await store.providers.create({ name: spec.name, api_type: spec.apiType ?? 'openai', base_url: spec.baseUrl, key_strategy: spec.strategy ?? 'first', responses_api: spec.responsesApi });
      await store.keys.add(provider.id, spec.keys);
      const models = spec.models ?? [];
      await store.models.add(provider.id, models.map((m) => m.id));
      for (const m of models) {
        if (m.maxOutputTokens !== undefined) await store.models.setOutputCap(provider.id, m.id, m.maxOutputTokens);
        if (m.prompt === undefined) continue;
        await store.prices.put({
          provider_id: provider.id,
          model_id: m.id,
          prompt_per_million: m.prompt,
          completion_per_million: m.completion ?? m.prompt,
          cached_prompt_per_million: m.cached ?? null,
          currency: config.billing.currency,
        });
      }
      await gw.proxy.state.reload();
    },
    async resetKeyHealth() {
      for (const provider of await store.providers.list()) {
        for (const key of await store.keys.list(provider.id)) {
          await store.keys.setEnabled(provider.id, key.id, true);
          await gw.proxy.keyHealthStorage.clear(key.id);
        }
      }
      await gw.proxy.state.reload();
    },
    async addToken(spec = {}) {
      const { generateTokenKey } = await import('@aigw/store');
      const key = generateTokenKey();
      const token = await store.tokens.create({ key, name: `t${++tokenCount}`, ...spec });
      await gw.proxy.state.reload();
      return { ...token, key };
    },
    async logs() {
      await gw.flushLogs();
      const rows = await store.requestLogs.list({ limit: 500 });
      return rows.reverse();
    },
    raw(path, init = {}) {
      return fetch(`${gw.url}${path}`, init);
    },
  };
}

/** The HTTP status of one small chat (max_tokens 50) through the openai SDK, without retries. */
export async function chatStatus(gw: TestGateway, key: string, model: string): Promise<number> {
  try {
    await gw.client(key).chat.completions.create({ model, max_tokens: 50, messages: [{ role: 'user', content: 'hello' }] });
    return 200;
  } catch (err) {
    return (err as { status: number }).status;
  }
}

/** A fixed chat.completion whose usage is exactly these counts. */
export function completion(prompt: number, completionTokens: number): Record<string, unknown> {
  return {
    id: 'chatcmpl-fixed',
    object: 'chat.completion',
    created: 1758870885,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens },
  };
}
