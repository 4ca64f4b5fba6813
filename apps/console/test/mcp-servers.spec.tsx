import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { McpServer, Token } from '../src/api/types';
import { AuthProvider, TOKEN_KEY } from '../src/auth/auth';
import { I18nProvider } from '../src/i18n/i18n';
import { McpServersPage } from '../src/pages/McpServers';
import { parsePairs, pairsText } from '../src/pages/mcp/pairs';
import { McpServerForm } from '../src/pages/mcp/McpServerForm';
import { TokenForm } from '../src/pages/tokens/TokenForm';
import { fakeResponse } from './fake-response';

const server = (over: Partial<McpServer>): McpServer => ({
  id: 1,
  name: 'docs',
  transport: 'streamable_http',
  url: 'https://docs.example/mcp',
  headers_hint: { Authorization: 'Bearer abcd...wxyz' },
  command: null,
  args: null,
  env_names: null,
  enabled: true,
  source: 'api',
  call_price: null,
  tool_prices: null,
  timeout_ms: null,
  status: 'connected',
  last_error: null,
  tool_count: 2,
  tool_names: ['search', 'fetch'],
  refreshed_at: '2030-01-01 10:00:00',
  created_at: '2030-01-01 09:00:00',
  updated_at: '2030-01-01 09:00:00',
  ...over,
});

const SERVERS = [server({}), server({ id: 2, name: 'local', transport: 'stdio', url: null, command: 'node', args: ['srv.js'], source: 'config', status: 'error', last_error: 'spawn failed', tool_count: null, tool_names: null, refreshed_at: null })];

/** Renders `ui` signed in, against a fetch that records each request and answers from `answer`. */
function renderWith(ui: ReactNode, answer: (url: string, method: string, body: unknown) => { status?: number; body: unknown }) {
  sessionStorage.setItem(TOKEN_KEY, 'admin-token');
  const calls: { url: string; method: string; body: unknown }[] = [];
  global.fetch = jest.fn(async (url: string, init: RequestInit = {}) => {
    const call = { url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const a = answer(call.url, call.method, call.body);
    return fakeResponse(a.status ?? 200, a.body);
  }) as unknown as typeof fetch;
  render(
    <QueryClientProvider client={new QueryClient()}>
      <I18nProvider lang="en">
        <AuthProvider>{ui}</AuthProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return calls;
}

const realFetch = global.fetch;
afterEach(() => {
  global.fetch = realFetch;
  sessionStorage.clear();
});

describe('MCP servers page', () => {
  it('lists each server with its state colour, tools, last error and refresh; config servers cannot be edited or deleted', async () => {
    const calls = renderWith(<McpServersPage />, (url, method) =>
      method === 'POST' && url.endsWith('/docs/refresh') ? { body: server({ tool_count: 3 }) } : url.endsWith('/mcp-servers') ? { body: { data: SERVERS } } : { body: {} },
    );
    const docs = (await screen.findByText('https://docs.example/mcp')).closest('tr')!;
    const local = screen.getByText('node srv.js').closest('tr')!;
    expect(within(docs).getByText('connected').className).toBe('badge badge-connected');
    expect(within(local).getByText('error').className).toBe('badge badge-error');
    expect(within(local).getByText('spawn failed')).toBeTruthy();
    expect(within(local).getByText('Never')).toBeTruthy();
    expect(within(local).queryByRole('button', { name: 'Edit local' })).toBeNull();
    expect(within(local).queryByRole('button', { name: 'Delete local' })).toBeNull();
    expect(within(local).queryByRole('button', { name: 'Refresh local' })).toBeNull();
    expect(within(local).getByText('Refreshed by the gateway that runs it')).toBeTruthy();
    expect(within(docs).getByRole('button', { name: 'Delete docs' })).toBeTruthy();
    fireEvent.click(within(docs).getByRole('button', { name: 'Refresh docs' }));
    expect(await screen.findByText('MCP server docs: connected, 3 tools.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.url === '/admin/mcp-servers/docs/refresh')).toBe(true);
    fireEvent.click(within(local).getByRole('button', { name: 'Disable local' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url === '/admin/mcp-servers/local/disable')).toBe(true));
  });
});

describe('MCP server form', () => {
  it('registers a server with bearer, headers and tool prices parsed from their lines', async () => {
    const onDone = jest.fn();
    const calls = renderWith(<McpServerForm onDone={onDone} />, (_url, method, body) => ({ status: method === 'POST' ? 201 : 200, body: method === 'POST' ? server(body as Partial<McpServer>) : { totals: {}, buckets: [] } }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'github' } });
    fireEvent.change(screen.getByLabelText('URL'), { target: { value: 'https://gh.example/mcp' } });
    fireEvent.change(screen.getByLabelText(/Bearer credential/), { target: { value: 'ghp_secret' } });
    fireEvent.change(screen.getByLabelText(/Extra headers/), { target: { value: 'X-Team: platform\n\n' } });
    fireEvent.change(screen.getByLabelText(/Prices of single tools/), { target: { value: 'search = 0.01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Register server' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('MCP server github registered.'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'github',
      transport: 'streamable_http',
      url: 'https://gh.example/mcp',
      enabled: true,
      call_price: null,
      tool_prices: { search: '0.01' },
      timeout_ms: null,
      headers: { 'X-Team': 'platform' },
      bearer: 'ghp_secret',
    });
  });

  it('names a bad header line under the field and sends nothing; an edit leaves the stored headers alone', async () => {
    const onDone = jest.fn();
    const calls = renderWith(<McpServerForm editing={server({})} onDone={onDone} />, (_url, _method, body) => ({ body: server(body as Partial<McpServer>) }));
    fireEvent.change(screen.getByLabelText(/Replace the extra headers/), { target: { value: 'no colon here' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save server' }));
    expect(await screen.findByText('Line 1 is not "Name: value"')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([]);
    fireEvent.change(screen.getByLabelText(/Replace the extra headers/), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText(/Timeout per call/), { target: { value: '5000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save server' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('MCP server docs saved.'));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toBe('/admin/mcp-servers/docs');
    expect(put.body).toMatchObject({ timeout_ms: 5000 });
    expect(put.body).not.toHaveProperty('headers');
    expect(put.body).not.toHaveProperty('bearer');
  });

  it('reads and writes name/value lines', () => {
    expect(parsePairs('A: 1\n  \nB:2', ':')).toEqual({ ok: true, value: { A: '1', B: '2' } });
    expect(parsePairs('A: 1\n= 2', '=')).toEqual({ ok: false, line: 1 });
    expect(pairsText({ search: '0.5', fetch: '1' }, '=')).toBe('search = 0.5\nfetch = 1');
  });
});

describe('token form MCP allow-list', () => {
  const token: Token = {
    id: 7, key_hint: 'sk-a...bcde', name: 'agent', allowed_models: null, mcp_allowed: ['gone/tool'], max_amount: null, amount_spent: 0, remaining: null,
    rpm_limit: null, tpm_limit: null, concurrency_limit: null, currency: 'USD', enabled: true, disabled_reason: null, status: 'active', expires_at: null,
    created_at: '2030-01-01 00:00:00', updated_at: '2030-01-01 00:00:00',
  };

  it('offers each server whole and its tools, keeps entries no longer offered, and sends what is ticked', async () => {
    const onDone = jest.fn();
    const calls = renderWith(<TokenForm editing={token} onDone={onDone} />, (url, method) =>
      method === 'PATCH' ? { body: token } : url.endsWith('/mcp-servers') ? { body: { data: SERVERS } } : { body: { data: [] } },
    );
    const whole = await screen.findByLabelText(/^docsevery tool$/);
    fireEvent.click(whole);
    fireEvent.click(screen.getByLabelText('docs/fetch'));
    const gone = screen.getByLabelText<HTMLInputElement>('gone/tool');
    expect(gone.checked).toBe(true);
    fireEvent.click(gone);
    fireEvent.click(screen.getByRole('button', { name: 'Save token' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ mcp_allowed: ['docs', 'docs/fetch'] });
  });
});
