import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '@aigw/test-support';
import { completion } from './harness';
import { SPAN_KIND, startOtlpReceiver, TRACED_CHAT_ATTRIBUTES, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

const MAIN = join(__dirname, '..', 'dist', 'main.js');
const SERVICE = 'aigw-trace-test';

/**
 * Tracing as a user runs it: the built standalone main with `telemetry.otlp_endpoint` pointing at a
 * stand-in collector. A plain node process, because the instrumentations patch modules through
 * Node's require, which jest's module loader bypasses. One chat request must yield one trace with
 * the proxy's HTTP server and Express spans, the chat span with its GenAI attributes, the undici
 * call to the upstream and the log-writer's span; SIGTERM must export everything before exit.
 */
describe('tracing over OTLP', () => {
  let receiver: OtlpReceiver;
  let fake: FakeUpstream;
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let workDir: string;
  const output: string[] = [];
  let url = '';
  let adminToken = '';

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    fake = await startFakeUpstream({ models: ['gpt-4o-mini'] });
    // An empty working directory: no aigw.toml of the repository is picked up.
    workDir = mkdtempSync(join(tmpdir(), 'aigw-tracing-'));
    child = spawn(process.execPath, [MAIN], {
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AIGW_DATABASE_URL: 'sqlite::memory:',
        AIGW_SERVER_HOST: '127.0.0.1',
        AIGW_SERVER_PORT: '0',
        AIGW_LOGGING_LEVEL: 'warn',
        AIGW_TELEMETRY_OTLP_ENDPOINT: receiver.url,
        AIGW_TELEMETRY_SERVICE_NAME: SERVICE,
      },
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output.join('\n')}`)), 20_000);
      void exited.then((code) => reject(new Error(`gateway exited with ${code}:\n${output.join('\n')}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        output.push(line);
        const listening = /^aigw listening on (\S+)/.exec(line);
        if (listening) url = listening[1]!;
        if (line.startsWith('admin-')) adminToken = line.trim();
        if (url && adminToken) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await fake.close();
    await receiver.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  async function admin(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${url}/admin${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
  }

  it('exports proxy, Express, chat, upstream call and log-writer spans as one trace', async () => {
    await admin('/providers', { name: 'up', api_type: 'openai', base_url: `${fake.url}/v1`, keys: ['sk-up-1'] });
    await admin('/providers/up/models', { ids: ['gpt-4o-mini'] });
    fake.enqueue({ kind: 'openai-json', body: { ...completion(11, 7), model: 'gpt-4o-mini-2024-07-18' } });
    const client = new OpenAI({ apiKey: adminToken, baseURL: `${url}/v1`, maxRetries: 0, timeout: 10_000 });
    const answer = await client.chat.completions.create({ model: 'up/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(answer.choices[0]!.message.content).toBe('ok');
    const requestId = answer._request_id;

    // Shutdown writes the usage event (the log-writer's span) and exports every span before exit.
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const spans = receiver.spans;
    const list = (): string => spans.map((s) => `${s.name} [${s.scope}]`).join('\n');
    const chat = spans.filter((s) => s.name === 'chat gpt-4o-mini');
    expect({ chat: chat.length, spans: list() }).toEqual({ chat: 1, spans: list() });
    const chatSpan = chat[0]!;
    const trace = spans.filter((s) => s.traceId === chatSpan.traceId);
    const find = (what: string, test: (s: ReceivedSpan) => boolean): ReceivedSpan => {
      const found = trace.find(test);
      if (!found) throw new Error(`no ${what} span in the chat's trace; spans:\n${list()}`);
      return found;
    };

    expect(chatSpan.kind).toBe(SPAN_KIND.client);
    expect(chatSpan.service).toBe(SERVICE);
    expect(chatSpan.attributes).toMatchObject({
      ...TRACED_CHAT_ATTRIBUTES,
      'aigw.provider': 'up',
      'aigw.attempts': 1,
    });
    if (requestId) expect(chatSpan.attributes['aigw.request_id']).toBe(requestId);

    // The trace starts at the proxy's HTTP server span, which Express named by its route.
    const server = find('HTTP server', (s) => s.kind === SPAN_KIND.server && s.scope.includes('instrumentation-http'));
    expect(server.parentSpanId).toBe('');
    expect(server.attributes['http.route']).toBe('/v1/chat/completions');
    find('Express', (s) => s.scope.includes('instrumentation-express'));

    // The upstream call (undici) is a child of the chat span.
    const upstream = find('undici client', (s) => s.scope.includes('instrumentation-undici') && String(s.attributes['url.full']).startsWith(fake.url));
    expect(upstream.kind).toBe(SPAN_KIND.client);
    expect(upstream.parentSpanId).toBe(chatSpan.spanId);

    // The log-writer's work continues the request's trace, carried in the usage event.
    const logWriter = find('log-writer', (s) => s.name === 'usage-events process');
    expect(logWriter.kind).toBe(SPAN_KIND.consumer);
    expect(logWriter.parentSpanId).toBe(server.spanId);
    expect(logWriter.attributes['aigw.request_id']).toBe(chatSpan.attributes['aigw.request_id']);
  });
});
