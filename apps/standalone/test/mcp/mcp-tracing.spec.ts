import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startTestMcpServer, type TestMcpHttpServer } from '@aigw/test-support';
import { SPAN_KIND, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../otlp-receiver';
import { connectClient, textOf } from './mcp-client';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

/**
 * The MCP call span as a user runs tracing (the built main, as tracing.spec.ts does for chat), with
 * the upstream MCP server declared in the config file: the span of the tools/call is in the
 * request's trace, below the proxy's HTTP server span.
 */
describe('MCP tracing over OTLP', () => {
  let receiver: OtlpReceiver;
  let up: TestMcpHttpServer;
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let workDir: string;
  const output: string[] = [];
  let url = '';
  let adminToken = '';

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    up = await startTestMcpServer({ label: 'up', transport: 'streamable_http' });
    workDir = mkdtempSync(join(tmpdir(), 'aigw-mcp-tracing-'));
    writeFileSync(join(workDir, 'aigw.toml'), `[[mcp_servers]]\nname = "up"\ntransport = "streamable_http"\nurl = "${up.url}"\n`);
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
        AIGW_TELEMETRY_SERVICE_NAME: 'aigw-mcp-trace-test',
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
    await up.close();
    await receiver.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('exports the tools/call span with the server and tool, in the request trace under the HTTP server span', async () => {
    const client = await connectClient(url, '/mcp', adminToken);
    expect(textOf(await client.callTool({ name: 'up__echo', arguments: { text: 'traced' } }))).toBe('up: traced');
    await client.close();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const spans = receiver.spans;
    const list = (): string => spans.map((s) => `${s.name} [${s.scope}]`).join('\n');
    const call = spans.find((s) => s.name === 'mcp tools/call up/echo');
    if (!call) throw new Error(`no MCP call span; spans:\n${list()}`);
    expect(call.kind).toBe(SPAN_KIND.client);
    expect(call.attributes).toMatchObject({ 'aigw.mcp.method': 'tools/call', 'aigw.mcp.server': 'up', 'aigw.mcp.tool': 'echo' });
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestors: ReceivedSpan[] = [];
    for (let s = byId.get(call.parentSpanId); s; s = byId.get(s.parentSpanId)) ancestors.push(s);
    const server = ancestors.find((s) => s.kind === SPAN_KIND.server && s.scope.includes('instrumentation-http'));
    expect(server?.attributes['http.route']).toBe('/mcp');
  });
});
