// @portkey-ai/gateway as a peer: its published Node server, headless, on a free port.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './gateway.mjs';
import { freePort, sleep, startNode } from './procs.mjs';

const SERVER = join(ROOT, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');

export function portkeyAvailable() {
  return existsSync(SERVER) ? null : '@portkey-ai/gateway is not installed (npm install at the root)';
}

/** Resolves with { proc, url, headers } once GET / answers. */
export async function startPortkey(tmp, fakePort) {
  const port = await freePort();
  const proc = await startNode('portkey', SERVER, [`--port=${port}`, '--headless'], { cwd: tmp, ready: /./ });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || proc.child.exitCode !== null) {
      await proc.stop();
      throw new Error(`portkey did not answer on port ${port}: ${proc.stderr().slice(-400)}`);
    }
    await sleep(100);
  }
  const headers = {
    authorization: 'Bearer sk-x',
    'x-portkey-provider': 'openai',
    'x-portkey-custom-host': `http://127.0.0.1:${fakePort}/v1`,
  };
  return { proc, url: `http://127.0.0.1:${port}/v1/chat/completions`, headers };
}
