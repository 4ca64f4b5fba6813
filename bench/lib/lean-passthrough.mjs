// The leanest correct Node pass-through, the physical floor a Node gateway is judged against:
// plain node:http in, the body read and parsed once (JSON.parse, JSON.stringify), undici Pool.request
// out, the answer written as it arrives (lean-relay.mjs). Run as its own process:
// node lean-passthrough.mjs <upstream origin> -> prints "listening <port>".
import { createServer } from 'node:http';
import { Pool } from 'undici';
import { forward, readBody } from './lean-relay.mjs';

const upstream = process.argv[2];
const pool = new Pool(upstream, { keepAliveTimeout: 60_000 });

const server = createServer((req, res) => readBody(req, (raw) => void forward(pool, req, res, raw)));
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
