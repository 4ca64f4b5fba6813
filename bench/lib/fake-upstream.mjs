// Fast fake OpenAI upstream, run as its own process: node fake-upstream.mjs -> prints "listening <port>".
// Non-stream: a fixed chat.completion. Stream: FAKE_CHUNKS content chunks FAKE_INTERVAL_MS apart (the
// first at once), then a usage chunk and [DONE]; `max_tokens` below FAKE_CHUNKS shortens the stream,
// `bench_chunks` in the body sets the number of content chunks (the many-streams scenario).
import { createServer } from 'node:http';

const CHUNKS = Number(process.env.FAKE_CHUNKS ?? 10);
const INTERVAL = Number(process.env.FAKE_INTERVAL_MS ?? 20);
const MODEL = 'gpt-4o-mini';
const usage = { prompt_tokens: 12, completion_tokens: 20, total_tokens: 32 };
const completion = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1700000000,
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the bench upstream.' }, finish_reason: 'stop' }],
    usage,
  }),
);
const models = Buffer.from(JSON.stringify({ object: 'list', data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'bench' }] }));
const base = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1700000000, model: MODEL };
const sse = (obj) => `data: ${JSON.stringify(obj)}\n\n`;
const chunk = (i, last) =>
  sse({ ...base, choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: 'w0' } : { content: ` w${i}` }, finish_reason: last ? 'stop' : null }] });
const tail = sse({ ...base, choices: [], usage }) + 'data: [DONE]\n\n';

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type, 'content-length': body.length });
  res.end(body);
}

function stream(res, n) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let i = 0;
  const next = () => {
    const last = i === n - 1;
    res.write(chunk(i, last));
    i += 1;
    if (last) res.end(tail);
    else timer = setTimeout(next, INTERVAL);
  };
  let timer;
  res.on('close', () => clearTimeout(timer));
  next();
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/v1/models')) return send(res, 200, models);
  if (req.method !== 'POST' || !req.url.startsWith('/v1/chat/completions')) return send(res, 404, Buffer.from('{"error":{"message":"not found"}}'));
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      return send(res, 400, Buffer.from('{"error":{"message":"bad json"}}'));
    }
    if (!body.stream) return send(res, 200, completion);
    const chunks = Number.isInteger(body.bench_chunks) && body.bench_chunks > 0 ? body.bench_chunks : CHUNKS;
    const max = Number.isInteger(body.max_tokens) && body.max_tokens > 0 ? body.max_tokens : chunks;
    stream(res, Math.min(max, chunks));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.FAKE_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
