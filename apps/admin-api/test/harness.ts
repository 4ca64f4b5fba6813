import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import request from 'supertest';
import { parseConfig, type AigwConfig, type AigwConfigInput } from '@aigw/config';
import { InProcessChangeBus, type ChangeMessage } from '@aigw/events';
import { createStore, type AdminLog, type Dialect, type Store, type StoreOptions } from '@aigw/store';
import { createLogger } from '@aigw/telemetry';
import { dropSchema, testPostgresUrl, uniqueSchema } from '@aigw/test-support';
import { createAdminApp, mintAdminToken } from '../src';

export const TZ = 'Asia/Shanghai';

export interface Harness {
  app: Express;
  store: Store;
  bus: InProcessChangeBus;
  config: AigwConfig;
  token: string;
  /** Every message published on the bus since the harness started (the initial mint included). */
  changes: ChangeMessage[];
  get(path: string): request.Test;
  post(path: string, body?: unknown): request.Test;
  put(path: string, body?: unknown): request.Test;
  patch(path: string, body?: unknown): request.Test;
  del(path: string, body?: unknown): request.Test;
  /** admin_logs rows, oldest first, after waiting until at least `atLeast` exist. */
  adminLogs(atLeast: number): Promise<AdminLog[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Default SQLite in memory; 'pg' uses TEST_DATABASE_URL in a schema of its own, dropped at close(). */
  dialect?: Dialect;
  /** Store options over the dialect's defaults (a SQLite file, a shorter busy timeout). */
  store?: Partial<StoreOptions>;
}

function storeOptions(dialect: Dialect, overrides: Partial<StoreOptions> | undefined): StoreOptions {
  if (dialect === 'sqlite') return { url: 'sqlite::memory:', timezone: TZ, ...overrides };
  return { url: testPostgresUrl(), schema: uniqueSchema('t_admin'), poolMax: 5, secret: 'test-secret', timezone: TZ, ...overrides };
}

export async function startHarness(overrides: AigwConfigInput = {}, options: HarnessOptions = {}): Promise<Harness> {
  const config = parseConfig({
    ...overrides,
    server: { upstream_timeout: '3s', ...overrides.server },
    logging: { level: 'silent', timezone: TZ, ...overrides.logging },
  });
  const opened = storeOptions(options.dialect ?? 'sqlite', options.store);
  const store = await createStore(opened);
  const bus = new InProcessChangeBus();
  const changes: ChangeMessage[] = [];
  bus.subscribe((m) => changes.push(m));
  const logger = createLogger({ level: 'silent', timezone: TZ });
  const app = createAdminApp({ config, store, bus, logger });
  const token = await mintAdminToken(store, bus);
  const auth = (t: request.Test) => t.set('authorization', `Bearer ${token}`);
  const withBody = (t: request.Test, body: unknown) => (body === undefined ? auth(t) : auth(t).send(body as object));
  return {
    app,
    store,
    bus,
    config,
    token,
    changes,
    get: (path) => auth(request(app).get(path)),
    post: (path, body) => withBody(request(app).post(path), body),
    put: (path, body) => withBody(request(app).put(path), body),
    patch: (path, body) => withBody(request(app).patch(path), body),
    del: (path, body) => withBody(request(app).delete(path), body),
    async adminLogs(atLeast) {
      // Rows are written when the response finishes, so they may land just after the client has it.
      for (let i = 0; i < 100; i++) {
        const rows = await store.adminLogs.list({ limit: 10_000 });
        if (rows.length >= atLeast) return rows.reverse();
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`expected at least ${atLeast} admin_logs rows`);
    },
    async close() {
      await store.close();
      await bus.close();
      if (opened.schema) await dropSchema(testPostgresUrl(), opened.schema);
    },
  };
}

/** Config messages published since `from` (an index into harness.changes). */
export function configChangesSince(h: Harness, from: number): string[] {
  return h.changes.slice(from).flatMap((m) => (m.type === 'config' ? [m.what] : []));
}

export interface FakeUpstream {
  baseUrl: string;
  /** Authorization headers seen on /v1/models, in order. */
  seenAuth: string[];
  /** What GET /v1/models answers next: status and body. */
  answer: { status: number; body: string };
  close(): Promise<void>;
}

export const UPSTREAM_MODELS = { object: 'list', data: [{ id: 'gpt-4o-mini' }, { id: 'gpt-4o' }] };

/** A tiny OpenAI-shaped upstream on 127.0.0.1 answering GET /v1/models. */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const state: FakeUpstream = {
    baseUrl: '',
    seenAuth: [],
    answer: { status: 200, body: JSON.stringify(UPSTREAM_MODELS) },
    close: async () => undefined,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      state.seenAuth.push(String(req.headers.authorization ?? ''));
      res.writeHead(state.answer.status, { 'content-type': 'application/json' });
      res.end(state.answer.body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/** Creates a provider through the API and fails the test if that does not work. */
export async function createProvider(h: Harness, body: Record<string, unknown>): Promise<void> {
  const res = await h.post('/admin/providers', body);
  if (res.status !== 201) throw new Error(`provider create failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A provider with catalog models, put straight into the store (tests of other resources start here). */
export async function seedProvider(h: Harness, name: string, models: string[], apiType: 'openai' | 'zhipu' = 'openai'): Promise<number> {
  const p = await h.store.providers.create({ name, api_type: apiType, base_url: 'http://127.0.0.1:9/v1' });
  await h.store.models.add(p.id, models);
  return p.id;
}
