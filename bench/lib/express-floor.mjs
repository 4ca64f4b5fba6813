// The floor of an Express 5 data plane built the way the gateway builds it: its req and res born on
// the app's prototypes (libs/http serverClassesFor, so Express's handle() changes no prototype),
// one POST route, the body read raw and parsed once, undici Pool.request out, the answer relayed as
// it arrives (lean-relay.mjs, the lean pass-through's handling). The lean pass-through plus what
// Express 5 itself costs; the gateway's own work is what it costs above this row. Run as its own
// process: node express-floor.mjs <upstream origin> -> prints "listening <port>".
import express from 'express';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { forward, readBody } from './lean-relay.mjs';

const require = createRequire(import.meta.url);
const { serverClassesFor } = require(new URL('../../libs/http/dist/http-server.js', import.meta.url).pathname);

const upstream = process.argv[2];
const pool = new Pool(upstream, { keepAliveTimeout: 60_000 });
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.post('/v1/chat/completions', (req, res) => readBody(req, (raw) => void forward(pool, req, res, raw)));

const server = createServer({ keepAliveTimeout: 65_000, ...serverClassesFor(app) }, app);
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
