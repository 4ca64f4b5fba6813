// The servers under test and the table's rows (a server can serve several rows: the standalone
// gateway serves chat and the two converted endpoints), each against the same fake upstream.
import { CHAT_BODY } from './load.mjs';
import { distributedAvailable, MODEL, startDistributed, startStandalone, stopDistributed } from './gateway.mjs';
import { portkeyAvailable, startPortkey } from './portkey.mjs';
import { startNode } from './procs.mjs';

const script = (name) => new URL(`./${name}`, import.meta.url).pathname;
const bearer = (key) => ({ authorization: `Bearer ${key}` });
const CHAT = /"choices"/;

/**
 * The body each gateway endpoint is measured with, by endpoint (the table's rows and
 * `bench/compare.mjs --endpoint`): its path, the body for `model`, what a good answer contains.
 */
export const ENDPOINTS = {
  chat: { path: '/v1/chat/completions', body: (model) => ({ ...CHAT_BODY, model }), expect: CHAT },
  messages: { path: '/v1/messages', body: (model) => ({ model, max_tokens: 64, messages: [{ role: 'user', content: 'Say hello.' }] }), expect: /"type":"message"/ },
  responses: { path: '/v1/responses', body: (model) => ({ model, input: 'Say hello.', store: false }), expect: /"output"/ },
};

/**
 * A row: `key` names it for the targets, `proc` is the process whose CPU and RSS the row reports,
 * `side` more processes whose CPU is noted. Chat rows get the one-connection latency and the stream
 * checks; `many` rows also the many-streams scenario.
 */
const chatRow = (key, name, proc, url, headers, model, extra = {}) => ({
  key, name, proc, url, headers, body: { ...CHAT_BODY, model }, expect: CHAT, chat: true, ...extra,
});

async function passThrough(ctx, key, name, file) {
  const proc = await startNode(name, script(file), [ctx.fakeOrigin], { ready: /listening (\d+)/ });
  const url = `http://127.0.0.1:${proc.match[1]}/v1/chat/completions`;
  return { rows: [chatRow(key, name, proc, url, bearer('sk-x'), 'gpt-4o-mini', { many: key !== 'express' && key !== 'expressFloor' })], stop: proc.stop };
}

export const SERVERS = [
  {
    name: 'direct (fake upstream)',
    start: async (ctx) => ({
      rows: [chatRow('direct', 'direct (fake upstream)', ctx.fake, `${ctx.fakeOrigin}/v1/chat/completions`, bearer('sk-x'), 'gpt-4o-mini', { many: true })],
      stop: async () => {},
    }),
  },
  { name: 'undici pass-through', start: (ctx) => passThrough(ctx, 'pass', 'undici pass-through (bench/lib/passthrough.mjs)', 'passthrough.mjs') },
  { name: 'lean pass-through', start: (ctx) => passThrough(ctx, 'lean', 'lean pass-through (bench/lib/lean-passthrough.mjs)', 'lean-passthrough.mjs') },
  // Not a target: what Express 5 itself costs, since the gateway's data plane is Express 5.
  { name: 'Express 5 pass-through', start: (ctx) => passThrough(ctx, 'express', 'Express 5 pass-through (json in, undici out)', 'express-passthrough.mjs') },
  // Not a target either: Express 5 done the gateway's way, the framework's own floor (express-floor.mjs).
  { name: 'Express 5 floor', start: (ctx) => passThrough(ctx, 'expressFloor', 'Express 5 floor (app prototypes, raw body, undici Pool)', 'express-floor.mjs') },
  {
    name: 'aigw standalone',
    start: async (ctx) => {
      const { proc, base, url, key } = await startStandalone(ctx.tmp, ctx.fakePort);
      const headers = bearer(key);
      const { messages, responses } = ENDPOINTS;
      const rows = [
        chatRow('standalone', 'aigw standalone (SQLite, budgeted token)', proc, url, headers, MODEL, { many: true }),
        { key: 'messages', name: 'aigw standalone /v1/messages converted (to openai chat)', proc, url: `${base}${messages.path}`, headers, body: messages.body(MODEL), expect: messages.expect },
        { key: 'responses', name: 'aigw standalone /v1/responses converted (to openai chat, store: false)', proc, url: `${base}${responses.path}`, headers, body: responses.body(MODEL), expect: responses.expect },
      ];
      return { rows, stop: proc.stop };
    },
  },
  {
    name: 'aigw distributed',
    available: (ctx) => distributedAvailable() ?? ctx.redisProblem,
    start: async (ctx) => {
      const state = {};
      const stop = () => stopDistributed(state, ctx.redis);
      try {
        const { proxy, logWriter, url, key } = await startDistributed(ctx.tmp, ctx.fakePort, ctx.redis, state);
        const row = chatRow('distributed', 'aigw distributed proxy (BullMQ, PostgreSQL)', proxy, url, bearer(key), MODEL, { side: { 'log-writer': logWriter } });
        return { rows: [row], stop };
      } catch (err) {
        await stop().catch(() => {});
        throw err;
      }
    },
  },
  {
    name: '@portkey-ai/gateway',
    available: () => portkeyAvailable(),
    start: async (ctx) => {
      const { proc, url, headers } = await startPortkey(ctx.tmp, ctx.fakePort);
      // A peer whose streams fail is reported, not counted as a crash of the bench.
      return { rows: [chatRow('portkey', '@portkey-ai/gateway', proc, url, headers, 'gpt-4o-mini', { streamOptional: true })], stop: proc.stop };
    },
  },
];

/** Starts every server; a server that is skipped or fails to start becomes a row saying so. */
export async function startServers(ctx, log) {
  const started = [];
  for (const def of SERVERS) {
    const skipped = def.available?.(ctx);
    if (skipped) {
      started.push({ rows: [{ name: def.name, skipped }], stop: async () => {} });
      continue;
    }
    log(`start: ${def.name}`);
    try {
      started.push(await def.start(ctx));
    } catch (err) {
      started.push({ rows: [{ name: def.name, error: err instanceof Error ? err.message : String(err) }], stop: async () => {}, failed: true });
    }
  }
  return started;
}

export async function stopServers(started) {
  for (const s of started.reverse()) await s.stop().catch(() => {});
}
