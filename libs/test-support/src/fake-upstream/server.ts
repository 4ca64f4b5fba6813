import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveChat, serveModels, type ChatExchange, type FakeApi } from './behaviours';
import { COUNT_TOKENS_PATHS, serveCountTokens } from './count-tokens-behaviours';
import { EMBEDDINGS_PATHS, serveEmbeddings } from './embeddings-behaviours';
import { DEFAULT_MODEL_IDS } from './fixtures';
import { sendJson } from './respond';
import { RESPONSES_PATHS, ResponsesMemory, serveResponses } from './responses-behaviours';
import type { FakeBehaviour, FakeUpstream, FakeUpstreamOptions, RecordedRequest } from './types';

const CHAT_PATHS = new Set(['/v1/chat/completions', '/chat/completions', '/api/paas/v4/chat/completions', '/v1/messages']);
const MODELS_PATHS = new Set(['/v1/models', '/models']);
const AUTO: FakeBehaviour = { kind: 'auto' };

/** What a POST route other than chat answers by default; a queued or per-key behaviour answers it as it answers chat. */
type AutoAnswer = (ex: ChatExchange, path: string, body: Record<string, unknown>) => void | Promise<void>;
const POST_ROUTES = new Map<string, AutoAnswer>([...EMBEDDINGS_PATHS.map((p) => [p, serveEmbeddings] as const), ...COUNT_TOKENS_PATHS.map((p) => [p, serveCountTokens] as const)]);

/** Anthropic and Zhipu calls by their paths; a models call to Anthropic by its version header. */
function apiOf(req: IncomingMessage, path: string): FakeApi {
  if (path.startsWith('/v1/messages')) return 'anthropic';
  if (path.startsWith('/api/paas/')) return 'zhipu';
  return MODELS_PATHS.has(path) && req.headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
}

function apiKeyOf(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth) return auth.replace(/^Bearer\s+/i, '');
  const key = req.headers['x-api-key'];
  return typeof key === 'string' ? key : null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

class FakeUpstreamServer implements FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  url = '';
  private abortedCount = 0;
  private active = 0;
  private sequence = 0;
  private closing = false;
  private chatQueue: FakeBehaviour[] = [];
  private modelsQueue: FakeBehaviour[] = [];
  private readonly failingKeys = new Map<string, FakeBehaviour>();
  private defaultBehaviour: FakeBehaviour;
  private models: string[];
  private readonly server: Server;
  private readonly responses = new ResponsesMemory();

  constructor(private readonly options: FakeUpstreamOptions) {
    this.defaultBehaviour = options.defaultBehaviour ?? AUTO;
    this.models = [...(options.models ?? DEFAULT_MODEL_IDS)];
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  get aborted(): number {
    return this.abortedCount;
  }

  get activeRequests(): number {
    return this.active;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  enqueue(...behaviours: FakeBehaviour[]): void {
    this.chatQueue.push(...behaviours);
  }

  enqueueModels(...behaviours: FakeBehaviour[]): void {
    this.modelsQueue.push(...behaviours);
  }

  setDefault(behaviour: FakeBehaviour): void {
    this.defaultBehaviour = behaviour;
  }

  callsWithKey(key: string): number {
    return this.requests.filter((r) => r.apiKey === key).length;
  }

  failKey(key: string, behaviour: FakeBehaviour): void {
    this.failingKeys.set(key, behaviour);
  }

  unfailKey(key: string): void {
    this.failingKeys.delete(key);
  }

  setModels(ids: string[]): void {
    this.models = [...ids];
  }

  async waitForAborted(count = 1, timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.abortedCount < count) {
      if (Date.now() > deadline) throw new Error(`fake upstream: ${this.abortedCount} aborted request(s) after ${timeoutMs} ms, expected ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  reset(): void {
    this.requests.length = 0;
    this.chatQueue = [];
    this.modelsQueue = [];
    this.failingKeys.clear();
    this.defaultBehaviour = this.options.defaultBehaviour ?? AUTO;
    this.models = [...(this.options.models ?? DEFAULT_MODEL_IDS)];
    this.abortedCount = 0;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.active += 1;
    const controller = new AbortController();
    let destroyedOnPurpose = false;
    res.on('close', () => {
      this.active -= 1;
      if (!res.writableFinished && !destroyedOnPurpose && !this.closing) this.abortedCount += 1;
      controller.abort();
    });
    try {
      const rawBody = await readBody(req);
      const url = req.url ?? '/';
      const path = url.split('?')[0] ?? '/';
      const body = parseJson(rawBody);
      const apiKey = apiKeyOf(req);
      this.requests.push({ method: req.method ?? 'GET', path, url, headers: req.headers, body, rawBody, apiKey });
      const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      const api = apiOf(req, path);
      const sequence = ++this.sequence;
      const exchange: ChatExchange = {
        api,
        res,
        signal: controller.signal,
        destroy: () => {
          destroyedOnPurpose = true;
          req.socket.destroy();
        },
        stream: fields.stream === true,
        model: typeof fields.model === 'string' ? fields.model : 'fake-model',
        completionId: api === 'anthropic' ? `msg_fake_${sequence}` : `chatcmpl-fake-${sequence}`,
        apiKey,
        body: fields,
      };
      const keyBehaviour = apiKey === null ? undefined : this.failingKeys.get(apiKey);
      if (req.method === 'POST' && CHAT_PATHS.has(path)) {
        await serveChat(keyBehaviour ?? this.chatQueue.shift() ?? this.defaultBehaviour, exchange);
      } else if (req.method === 'POST' && RESPONSES_PATHS.has(path)) {
        await serveResponses(keyBehaviour ?? this.chatQueue.shift() ?? this.defaultBehaviour, exchange, fields, this.responses);
      } else if (req.method === 'POST' && POST_ROUTES.has(path)) {
        const behaviour = keyBehaviour ?? this.chatQueue.shift() ?? AUTO;
        await (behaviour.kind === 'auto' ? POST_ROUTES.get(path)!(exchange, path, fields) : serveChat(behaviour, exchange));
      } else if (req.method === 'GET' && MODELS_PATHS.has(path)) {
        await serveModels(keyBehaviour ?? this.modelsQueue.shift() ?? AUTO, exchange, this.models);
      } else {
        sendJson(res, 404, { error: { message: `fake upstream has no route ${req.method} ${path}`, type: 'invalid_request_error', code: 'not_found', param: null } });
      }
    } catch (err) {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: { message: `fake upstream failed: ${String(err)}`, type: 'server_error' } });
      else res.destroy();
    }
  }
}

/** Starts a fake upstream on 127.0.0.1 at a random port. Close it in `afterAll`. */
export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const fake = new FakeUpstreamServer(options);
  await fake.listen();
  return fake;
}
