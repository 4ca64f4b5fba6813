// The floor for Node: a bare pass-through proxy (node:http in, undici out), run as its own process:
// node passthrough.mjs <upstream origin> -> prints "listening <port>".
import { createServer } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';

const upstream = process.argv[2];
const dispatcher = new Agent({ keepAliveTimeout: 60_000 });
const server = createServer(async (req, res) => {
  try {
    const parts = [];
    for await (const d of req) parts.push(d);
    const headers = { 'content-type': req.headers['content-type'] ?? 'application/json', authorization: req.headers.authorization ?? '' };
    const up = await request(upstream + req.url, { method: req.method, headers, body: Buffer.concat(parts), dispatcher });
    const out = { 'content-type': up.headers['content-type'] };
    if (up.headers['content-length']) out['content-length'] = up.headers['content-length'];
    res.writeHead(up.statusCode, out);
    await pipeline(up.body, res);
  } catch (err) {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: String(err) } }));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
