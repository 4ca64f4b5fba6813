import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider, TOKEN_KEY } from '../src/auth/auth';
import { I18nProvider } from '../src/i18n/i18n';
import { KeysPanel } from '../src/pages/providers/KeysPanel';
import { fakeResponse } from './fake-response';

const KEYS = [
  { id: 1, hint: 'sk-a...0001', enabled: true, created_at: '2026-12-01 10:00', state: 'invalid', reason: 'unauthorized', since: '2026-12-01 10:05', until: null, breaker: 'closed', last_error: { message: 'upstream returned 401: invalid api key', at: '2026-12-01 10:05' }, successes: 0, failures: 1 },
  { id: 2, hint: 'sk-b...0002', enabled: true, created_at: '2026-12-01 10:00', state: 'cooling', reason: 'rate_limited', since: '2026-12-01 10:06', until: '2026-12-01 10:07', breaker: 'closed', last_error: null, successes: 7, failures: 2 },
  { id: 3, hint: 'sk-c...0003', enabled: true, created_at: '2026-12-01 10:00', state: 'active', reason: null, since: null, until: null, breaker: 'closed', last_error: null, successes: 12, failures: 0 },
  { id: 4, hint: 'sk-d...0004', enabled: false, created_at: '2026-12-01 10:00', state: 'disabled', reason: 'operator', since: null, until: null, breaker: 'closed', last_error: null, successes: 0, failures: 0 },
];

function renderPanel() {
  sessionStorage.setItem(TOKEN_KEY, 'admin-token');
  const calls: { url: string; method: string }[] = [];
  global.fetch = jest.fn(async (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? 'GET' });
    if ((init.method ?? 'GET') === 'POST') return fakeResponse(200, { ...KEYS[0], state: 'active' });
    return fakeResponse(200, { data: KEYS, next_cursor: null });
  }) as unknown as typeof fetch;
  render(
    <QueryClientProvider client={new QueryClient()}>
      <I18nProvider lang="en">
        <AuthProvider>
          <KeysPanel provider="up" />
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return calls;
}

describe('KeysPanel key states', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    sessionStorage.clear();
  });

  it('shows each state with its colour, the counts and the last error', async () => {
    renderPanel();
    const invalid = await screen.findByText('invalid');
    expect(invalid.className).toContain('badge-invalid');
    expect(invalid.getAttribute('title')).toContain('unauthorized');
    expect(screen.getByText('cooling (until 2026-12-01 10:07)').className).toContain('badge-cooling');
    expect(screen.getByText('active').className).toContain('badge-active');
    expect(screen.getByText('disabled').className).toContain('badge-disabled');
    expect(screen.getByText('7 / 2')).toBeTruthy();
    expect(screen.getByText(/invalid api key/)).toBeTruthy();
  });

  it('re-enables an invalid key and disables an active one through the admin API', async () => {
    const calls = renderPanel();
    const invalidRow = (await screen.findByText('sk-a...0001')).closest('tr')!;
    fireEvent.click(within(invalidRow).getByRole('button', { name: 'Enable' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/providers/up/keys/1/enable'))).toBe(true));
    expect(await screen.findByText('Key 1 enabled.')).toBeTruthy();
    const activeRow = screen.getByText('sk-c...0003').closest('tr')!;
    fireEvent.click(within(activeRow).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/providers/up/keys/3/disable'))).toBe(true));
    const disabledRow = screen.getByText('sk-d...0004').closest('tr')!;
    expect(within(disabledRow).getByRole('button', { name: 'Enable' })).toBeTruthy();
  });
});
