// What the lean pass-through and the Express 5 floor share: the body read on stream events, the
// forward with undici Pool.request (one JSON.parse and JSON.stringify), the answer written as it
// arrives with backpressure kept (no stream/promises.pipeline, so no AbortSignal per request).

/** Calls `done(text)` with the whole request body. */
export function readBody(req, done) {
  const parts = [];
  req.on('data', (d) => parts.push(d));
  req.on('end', () => done(parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts).toString('utf8')));
}

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

/** Parses `raw`, sends it on through `pool` and relays the answer. */
export async function forward(pool, req, res, raw) {
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
