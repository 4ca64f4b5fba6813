import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { AuthProvider, TOKEN_KEY } from '../src/auth/auth';
import { I18nProvider } from '../src/i18n/i18n';
import { AdminLogsPage } from '../src/pages/AdminLogs';
import { LogsPage } from '../src/pages/Logs';
import { fakeResponse } from './fake-response';

const requestRow = (over: Record<string, unknown>) => ({
  id: 1,
  ts: '2030-01-01 13:05:00',
  method: 'POST',
  path: '/v1/chat/completions',
  request_type: 'chat',
  client_request_id: null,
  token_id: 3,
  token_name: 'demo',
  token_hint: 'sk-x...wxyz',
  model: 'up/m',
  upstream_model: 'm',
  provider: 'up',
  api_key: null,
  status_code: 200,
  response_time_ms: 120,
  ttfb_ms: 80,
  attempts: 1,
  prompt_tokens: 7,
  completion_tokens: 30,
  total_tokens: 37,
  amount_spent: 0.000104,
  currency: 'USD',
  error_message: null,
  ...over,
});

/** A fetch that answers by path and remembers every URL asked for. */
function routedFetch(routes: Record<string, unknown>): { urls: string[] } {
  const urls: string[] = [];
  global.fetch = jest.fn(async (input: RequestInfo | URL) => {
    const url = String(input);
    urls.push(url);
    const path = new URL(url, 'http://console.test').pathname.replace(/^\/admin/, '');
    if (path === '/stats') return fakeResponse(200, { timezone: 'Asia/Shanghai', currency: 'USD', unit: 'hour', buckets: [] });
    return fakeResponse(200, routes[path] ?? { data: [], next_cursor: null });
  }) as typeof fetch;
  return { urls };
}

function page(node: ReactNode) {
  sessionStorage.setItem(TOKEN_KEY, 'admin-ok');
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <I18nProvider lang="en">
        <AuthProvider>{node}</AuthProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

const realFetch = global.fetch;
afterEach(() => {
  global.fetch = realFetch;
  sessionStorage.clear();
});

describe('request logs page', () => {
  it('shows each row\'s request type, and the model on a refused row', async () => {
    routedFetch({
      '/logs': {
        data: [
          requestRow({ id: 2, request_type: 'chat_stream', status_code: 402, provider: null, upstream_model: null, total_tokens: null, amount_spent: null, error_message: 'budget used up' }),
          requestRow({ id: 1, request_type: 'embeddings', model: 'up/embed' }),
        ],
        next_cursor: null,
      },
    });
    page(<LogsPage />);
    expect(await screen.findByRole('columnheader', { name: 'Type' })).toBeTruthy();
    await screen.findByText('chat_stream');
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByText('chat_stream')).toBeTruthy();
    expect(within(rows[0]!).getByText('up/m')).toBeTruthy();
    expect(within(rows[0]!).getByText('402')).toBeTruthy();
    expect(within(rows[1]!).getByText('embeddings')).toBeTruthy();
    expect(within(rows[1]!).getByText('up/embed')).toBeTruthy();
  });

  it('shows MCP rows (server as provider, tool as model) and filters by an MCP server as by a provider', async () => {
    const { urls } = routedFetch({
      '/logs': { data: [requestRow({ id: 3, path: '/mcp', request_type: 'mcp_call', provider: 'docs', model: 'search', upstream_model: null, total_tokens: null })], next_cursor: null },
      '/providers': { data: [{ id: 1, name: 'up' }], next_cursor: null },
      '/mcp-servers': { data: [{ id: 4, name: 'docs' }], next_cursor: null },
    });
    page(<LogsPage />);
    const row = (await screen.findByText('mcp_call')).closest('tr')!;
    expect(within(row).getByText('search')).toBeTruthy();
    expect(within(row).getByText('docs')).toBeTruthy();
    const select = screen.getByLabelText('Provider') as HTMLSelectElement;
    await waitFor(() => expect(within(select).getByRole('group', { name: 'MCP servers' })).toBeTruthy());
    fireEvent.change(select, { target: { value: 'docs' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(urls.some((u) => u.includes('/logs?') && u.includes('provider=docs'))).toBe(true));
  });

  it('takes from and to as 24-hour YYYY-MM-DD HH:mm and sends them in the API format', async () => {
    const { urls } = routedFetch({});
    page(<LogsPage />);
    const from = screen.getByLabelText(/^From,/) as HTMLInputElement;
    expect(from.type).toBe('text');
    expect(from.placeholder).toBe('YYYY-MM-DD HH:mm');
    fireEvent.change(from, { target: { value: '2030-01-01 13:05' } });
    fireEvent.change(screen.getByLabelText(/^To,/), { target: { value: '2030-01-02' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(urls.some((u) => u.includes('/logs?') && u.includes('from=2030-01-01+13%3A05%3A00'))).toBe(true));
    expect(urls.some((u) => u.includes('to=2030-01-02+00%3A00%3A00'))).toBe(true);
  });
});

describe('admin logs page', () => {
  const adminRow = (id: number, method: string, operation: string) => ({ id, ts: '2030-01-01 13:05:00', operation, target: null, status_code: 200, method, path: '/admin/x', error_message: null });

  it('asks for changes by default and shows reads only when the filter says so', async () => {
    const { urls } = routedFetch({ '/admin-logs': { data: [adminRow(1, 'POST', 'token.create')], next_cursor: null } });
    page(<AdminLogsPage />);
    expect(await screen.findByText('token.create')).toBeTruthy();
    const first = urls.filter((u) => u.includes('/admin-logs'));
    expect(first).toHaveLength(1);
    expect(first[0]).toContain('kind=changes');
    const show = screen.getByLabelText('Show') as HTMLSelectElement;
    expect(show.value).toBe('changes');
    fireEvent.change(show, { target: { value: 'reads' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(urls.some((u) => u.includes('/admin-logs') && u.includes('kind=reads'))).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(show.value).toBe('changes');
  });
});
