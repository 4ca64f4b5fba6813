import { randomBytes } from 'node:crypto';
import type { UsageEvent } from '@aigw/events';
import { createStore, type Store } from '@aigw/store';
import { createLogger } from '@aigw/telemetry';
import { dropSchema, testPostgresUrl, uniqueSchema } from '@aigw/test-support';

export { testRedisUrl } from '@aigw/test-support';

export const silentLogger = createLogger({ level: 'silent', timezone: 'UTC' });

export function uniquePrefix(name: string): string {
  return `t-${name}-${randomBytes(5).toString('hex')}`;
}

/** A PostgreSQL store in a schema of its own; `drop` closes it and removes the schema. */
export async function pgStore(name: string): Promise<{ store: Store; drop(): Promise<void> }> {
  const url = testPostgresUrl();
  const schema = uniqueSchema(`t_lw_${name}`);
  const store = await createStore({ url, schema, timezone: 'UTC', secret: 'log-writer-test-secret', poolMax: 10 });
  return {
    store,
    async drop() {
      await store.close();
      await dropSchema(url, schema);
    },
  };
}

/** 1000 prompt tokens at 0.5 per million: 0.0005 per event. */
export const COST_PER_EVENT = 0.0005;

export function usageEvent(requestId: string, tokenId: number | null, tokenHint: string | null, ts = Date.now()): UsageEvent {
  return {
    v: 2,
    request_id: requestId,
    client_request_id: null,
    ts,
    method: 'POST',
    path: '/v1/chat/completions',
    request_type: 'chat',
    token_id: tokenId,
    token_name: tokenId === null ? null : `token-${tokenId}`,
    token_hint: tokenHint,
    model: 'gpt-4o',
    upstream_model: 'gpt-4o',
    provider: 'openai',
    api_key: 'sk-a...wxyz',
    status_code: 200,
    response_time_ms: 100,
    ttfb_ms: 40,
    attempts: 1,
    usage: { prompt_tokens: 1000, completion_tokens: 0, total_tokens: 1000, cached_tokens: 0, reasoning_tokens: 0 },
    usage_source: 'upstream',
    price: { prompt_per_million: '0.5', completion_per_million: '1', cached_prompt_per_million: null, currency: 'USD' },
    error_message: null,
    upstream_status: null,
    upstream_error: null,
  };
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Rows per request id of one test (ids share a prefix), and their total cost. */
export async function writtenRows(store: Store, idPrefix: string): Promise<{ rows: number; distinct: number; cost: number }> {
  const row = (await store
    .knex('request_logs')
    .where('request_id', 'like', `${idPrefix}%`)
    .select(store.knex.raw('count(*) as rows, count(distinct request_id) as ids, coalesce(sum(amount_spent), 0) as cost'))
    .first()) as { rows: string | number; ids: string | number; cost: string | number };
  return { rows: Number(row.rows), distinct: Number(row.ids), cost: Number(row.cost) };
}
