import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_TOKEN_SETTING, consoleDistDir } from '@aigw/admin-api';
import { startFakeUpstream, startTestMcpServer, type FakeUpstream } from '@aigw/test-support';
import { completion, startTestGateway, type TestGateway } from './harness';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = resolve(__dirname, '../test-output/console');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Issue 7: the operator console in Debian's Chromium, against a standalone gateway and the fake upstream. */
describe('console end to end in a real browser', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const failed: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does this when it is absent)`);
    }
    if (!existsSync(join(consoleDistDir(), 'index.html'))) {
      throw new Error(`the console is not built (${consoleDistDir()}): run \`npm run build\` (nx builds it before this test)`);
    }
    mkdirSync(SHOTS, { recursive: true });
    fake = await startFakeUpstream({ models: ['gpt-4o-mini', 'gpt-4o'] });
    fake.setDefault({ kind: 'openai-json', body: completion(5, 40) });
    gw = await startTestGateway({ logging: { timezone: 'Asia/Shanghai' } });
    profile = mkdtempSync(join(tmpdir(), 'aigw-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gw.url });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      // Failed requests are checked by URL below; anything else logged as an error is a problem.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) failed.push(`${res.status()} ${new URL(res.url()).pathname}${new URL(res.url()).search}`);
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await gw?.close();
    await fake?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const go = async (link: string, heading: string) => {
    await page.getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };
  const text = (t: string) => page.getByText(t, { exact: true }).first().waitFor();

  it('signs in, sets up a provider, price and token, and sees a call in Logs and on the token', async () => {
    await page.goto(`${gw.url}/console/`);
    await page.getByLabel('Admin token').fill(gw.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    for (const name of ['Overview', 'Providers', 'Prices', 'Tokens', 'Aliases', 'Logs', 'Admin logs']) {
      expect(await page.getByRole('link', { name, exact: true }).count()).toBe(1);
    }

    // A provider with two keys.
    await go('Providers', 'Providers');
    await page.getByRole('button', { name: 'New provider' }).click();
    await page.getByLabel('Name', { exact: true }).fill('fake');
    await page.getByLabel('Base URL').fill(`${fake.url}/v1`);
    await page.getByLabel('Key strategy').selectOption('round_robin');
    await page.getByLabel('Upstream keys (one per line)').fill('sk-fake-key-one-1111\nsk-fake-key-two-2222');
    await page.getByRole('button', { name: 'Create provider' }).click();
    await text('Provider fake created.');

    // Discovery: tick one upstream model and add it in one action.
    await page.getByRole('button', { name: 'Keys and models fake' }).click();
    await page.getByRole('cell', { name: 'sk-f...2222' }).waitFor();
    expect(await page.getByRole('cell', { name: /^sk-f\.\.\./ }).count()).toBe(2);
    await page.getByRole('button', { name: 'Fetch upstream models' }).click();
    await page.getByLabel('gpt-4o-mini').check();
    await page.getByRole('button', { name: 'Apply catalog changes' }).click();
    await text('Added: gpt-4o-mini. Removed: -.');
    await shot('providers');

    // The new model has no price until one is set in place.
    await go('Prices', 'Prices');
    await text('No price: client tokens cannot call this model');
    await page.getByRole('button', { name: 'Set price fake/gpt-4o-mini' }).click();
    await page.getByLabel('Prompt per 1M', { exact: true }).fill('1000');
    await page.getByLabel('Completion per 1M', { exact: true }).fill('1000');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await text('Price of fake/gpt-4o-mini saved.');
    expect(await page.getByText('No price: client tokens cannot call this model').count()).toBe(0);
    await shot('prices');

    // A token allowed that model, with a budget; its key is shown once and copies.
    await go('Tokens', 'Tokens');
    await page.getByRole('button', { name: 'New token' }).click();
    await page.getByLabel('Name', { exact: true }).fill('e2e');
    await page.getByLabel('fake/gpt-4o-mini').check();
    await page.getByLabel(/^Budget in USD/).fill('1');
    await page.getByRole('button', { name: 'Create token' }).click();
    const keyBox = page.getByRole('textbox', { name: 'New token key (shown once; copy it now)' });
    await keyBox.waitFor();
    const key = await keyBox.inputValue();
    expect(key).toMatch(/^sk-[0-9A-Za-z]{48}$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);
    await shot('tokens-new-key');
    await page.getByRole('button', { name: 'Done' }).click();

    // One call through the openai SDK (45 tokens at 1000 per million = 0.045), one the upstream refuses.
    const reply = await gw.client(key).chat.completions.create({ model: 'fake/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.usage?.total_tokens).toBe(45);
    fake.enqueue({ kind: 'status', status: 400, body: JSON.stringify({ error: { message: 'context length exceeded (e2e)' } }) });
    await expect(gw.client(key).chat.completions.create({ model: 'fake/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 400 });
    await gw.flushLogs();

    await go('Logs', 'Request logs');
    await page.getByRole('cell', { name: 'USD 0.045' }).waitFor();
    // Rows name the token by name and key hint, never by key.
    const hint = `${key.slice(0, 4)}...${key.slice(-4)}`;
    await page.getByRole('cell', { name: `e2e (${hint})` }).first().waitFor();
    expect(await page.content()).not.toContain(key);
    await page.getByRole('cell', { name: 'e2e' }).first().waitFor();
    const failedId = (await gw.logs()).find((r) => r.status_code === 400)?.id;
    await page.getByRole('button', { name: `Details ${failedId}` }).click();
    const panel = page.getByRole('complementary', { name: `Log ${failedId}` });
    await panel.getByText('upstream_error').waitFor();
    expect(await panel.textContent()).toContain('context length exceeded (e2e)');
    await shot('logs');

    await go('Tokens', 'Tokens');
    await text('USD 0.045 spent of USD 1.00, USD 0.955 left');
    await text('active');
    await text(hint);
    expect(await page.content()).not.toContain(key);
    await shot('tokens');

    // Rotating shows a new key once; the token keeps its spending and the old key stops working.
    await page.getByRole('button', { name: 'Rotate key e2e' }).click();
    await page.getByRole('button', { name: 'Issue a new key for e2e; the old one stops working' }).click();
    const rotatedBox = page.getByRole('textbox', { name: 'New key for e2e (shown once; copy it now, the old key no longer works)' });
    await rotatedBox.waitFor();
    const newKey = await rotatedBox.inputValue();
    expect(newKey).toMatch(/^sk-[0-9A-Za-z]{48}$/);
    expect(newKey).not.toBe(key);
    await shot('tokens-rotated-key');
    await page.getByRole('button', { name: 'Done' }).click();
    await text(`${newKey.slice(0, 4)}...${newKey.slice(-4)}`);
    await text('USD 0.045 spent of USD 1.00, USD 0.955 left');
    const status = (k: string) => gw.client(k).models.list().then(() => 200, (err: { status: number }) => err.status);
    for (let i = 0; i < 50 && (await status(key)) !== 401; i++) await new Promise((r) => setTimeout(r, 20));
    expect([await status(key), await status(newKey)]).toEqual([401, 200]);

    await go('Overview', 'Overview');
    await page.getByRole('cell', { name: 'fake/gpt-4o-mini' }).first().waitFor();
    await page.getByRole('cell', { name: 'context length exceeded (e2e)', exact: false }).first().waitFor();
    await shot('overview');
    // The README's picture (docs/console.png is a copy of it): one screen at 1200x800.
    await page.setViewportSize({ width: 1200, height: 800 });
    await page.screenshot({ path: join(SHOTS, 'readme-overview.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    await go('Aliases', 'Aliases');
    await page.getByLabel('Alias', { exact: true }).fill('mini');
    await page.getByLabel('Target model').selectOption('fake/gpt-4o-mini');
    await page.getByRole('button', { name: 'Add alias' }).click();
    await page.getByRole('cell', { name: 'mini', exact: true }).waitFor();
    await shot('aliases');

    await go('Admin logs', 'Admin logs');
    await page.getByRole('cell', { name: 'price.put' }).waitFor();
    // Changes by default: the reads of this walk through the console are behind the filter.
    expect(await page.getByRole('cell', { name: 'token.list', exact: true }).count()).toBe(0);
    await page.getByLabel('Show').selectOption('reads');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('cell', { name: 'token.list', exact: true }).first().waitFor();
    await page.getByLabel('Show').selectOption('changes');
    await page.getByLabel('Operation (e.g. token.create)').fill('no.such.thing');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText(/query parameter operation/).first().waitFor();
    await shot('admin-logs');

    // Switching to Chinese changes every label, the navigation included.
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('link', { name: '令牌', exact: true }).click();
    await page.getByRole('heading', { name: '令牌', level: 1 }).waitFor();
    await shot('tokens-zh');
    await page.getByLabel('语言').selectOption('en');

    expect(problems).toEqual([]);
    // The only failed request was the bad filter, answered with the API's message.
    expect(failed).toEqual(['400 /admin/admin-logs?kind=changes&operation=no.such.thing']);
  }, 120_000);

  it('registers an MCP server, refreshes it to connected with its tools, and puts one tool on a token', async () => {
    const mcp = await startTestMcpServer({ label: 'docs', transport: 'streamable_http' });
    const failedBefore = failed.length;
    try {
      await go('MCP servers', 'MCP servers');
      await text('No MCP servers yet.');
      await page.getByRole('button', { name: 'Register MCP server' }).click();
      await page.getByLabel('Name', { exact: true }).fill('docs');
      await page.getByLabel('URL', { exact: true }).fill(mcp.url);
      await page.getByLabel(/^Bearer credential/).fill('mcp-e2e-secret-0001');
      await page.getByRole('button', { name: 'Register server' }).click();
      await text('MCP server docs registered.');
      await text('not checked');
      await page.getByRole('button', { name: 'Refresh docs' }).click();
      await text('MCP server docs: connected, 3 tools.');
      await page.locator('.badge-connected', { hasText: 'connected' }).waitFor();
      expect(await page.content()).not.toContain('mcp-e2e-secret-0001');
      await shot('mcp-servers');

      await go('Tokens', 'Tokens');
      await page.getByRole('button', { name: 'Edit e2e' }).click();
      await page.getByLabel('docs/echo').check();
      await page.getByRole('button', { name: 'Save token' }).click();
      await page.getByRole('button', { name: 'Save token' }).waitFor({ state: 'detached' });
      const token = (await gw.store.tokens.list()).find((x) => x.name === 'e2e');
      expect(token?.mcp_allowed).toEqual(['docs/echo']);
      expect(problems).toEqual([]);
      expect(failed.slice(failedBefore)).toEqual([]);
    } finally {
      await mcp.close();
    }
  }, 60_000);

  it('returns to sign-in with a clear message once the admin token is no longer valid', async () => {
    // What a restart does: a new admin token hash replaces the old one.
    await gw.store.settings.set(ADMIN_TOKEN_SETTING, '0'.repeat(64));
    await new Promise((r) => setTimeout(r, 2_100)); // the verifier caches the hash for 2 s
    await page.reload();
    await page.getByText(/You were signed out: the gateway refused the admin token/).waitFor();
    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await shot('signed-out');
  }, 30_000);
});
