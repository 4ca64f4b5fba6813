// The leanest correct Node pass-through, the physical floor a Node gateway is judged against:
// plain node:http in, the body read and parsed once (JSON.parse, JSON.stringify), undici Pool.request
// out, the answer written as it arrives (backpressure kept, no stream/promises.pipeline and so no
// AbortSignal per request). Run as its own process: node lean-passthrough.mjs <upstream origin>.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const upstream = process.argv[2];
const pool = new Pool(upstream, { keepAliveTimeout: 60_000 });

function fail(res, status, message) {
  if (res.headersSent) return res.destroy();
  const body = JSON.stringify({ error: { message } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Writes the upstream's body to the client as it comes, pausing while the client's socket is full. */
function relay(body, res) {
  body.on('data', (chunk) => {
    if (!res.write(chunk)) {
      body.pause();
      res.once('drain', () => body.resume());
    }
  });
  body.on('end', () => res.end());
  body.on('error', () => res.destroy());
  res.on('close', () => {
    if (!res.writableFinished) body.destroy();
  });
}

async function forward(req, res, raw) {
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fail(res, 400, 'body is not JSON');
  }
  try {
    const up = await pool.request({
      path: req.url,
      method: req.method,
      headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
      body: JSON.stringify(parsed),
    });
    const out = { 'content-type': up.headers['content-type'] ?? 'application/json' };
    if (up.headers['content-length']) out['content-length'] = up.headers['content-length'];
    res.writeHead(up.statusCode, out);
    relay(up.body, res);
  } catch (err) {
    fail(res, 502, String(err));
  }
}

const server = createServer((req, res) => {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => void forward(req, res, Buffer.concat(parts).toString('utf8')));
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
