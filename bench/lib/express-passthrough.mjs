// The floor for an Express 5 data plane: express.json in, undici out, a whole answer read and parsed
// once, then sent, a stream piped (what any Express gateway does before its own work); run as its own process:
// node express-passthrough.mjs <upstream origin> -> prints "listening <port>".
import express from 'express';
import { pipeline } from 'node:stream/promises';
import { Agent, request } from 'undici';

const upstream = process.argv[2];
const dispatcher = new Agent({ keepAliveTimeout: 60_000 });
const app = express();
app.use(express.json({ type: () => true }));
app.post('/v1/chat/completions', async (req, res) => {
  try {
    const up = await request(upstream + req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
      body: JSON.stringify(req.body),
      dispatcher,
    });
    res.status(up.statusCode).setHeader('content-type', up.headers['content-type'] ?? 'application/json');
    if (req.body.stream) {
      await pipeline(up.body, res);
      return;
    }
    const bytes = Buffer.from(await up.body.arrayBuffer());
    JSON.parse(bytes.toString('utf8'));
    res.end(bytes);
  } catch (err) {
    res.status(502).json({ error: { message: String(err) } });
  }
});
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
server.keepAliveTimeout = 65_000;
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
