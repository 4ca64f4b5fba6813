import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider, TOKEN_KEY } from '../src/auth/auth';
import { I18nProvider } from '../src/i18n/i18n';
import { ModelsPanel } from '../src/pages/providers/ModelsPanel';
import { fakeResponse } from './fake-response';

const CATALOG = {
  data: [
    { id: 'relay/gpt-4o', provider: 'relay', model: 'gpt-4o', max_output_tokens: null, unlisted: false, price_set: true, created_at: '2026-12-01 10:00:00' },
    { id: 'relay/hidden-model', provider: 'relay', model: 'hidden-model', max_output_tokens: null, unlisted: true, price_set: false, created_at: '2026-12-01 10:00:00' },
  ],
  next_cursor: null,
};

function renderPanel() {
  sessionStorage.setItem(TOKEN_KEY, 'admin-token');
  const calls: { url: string; method: string; body: unknown }[] = [];
  global.fetch = jest.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    calls.push({ url, method, body: init.body ? JSON.parse(String(init.body)) : undefined });
    if (method === 'POST') return fakeResponse(200, { provider: 'relay', added: ['relay-only'], existing: [], unlisted: ['relay-only'] });
    return fakeResponse(200, CATALOG);
  }) as unknown as typeof fetch;
  render(
    <QueryClientProvider client={new QueryClient()}>
      <I18nProvider lang="en">
        <AuthProvider>
          <ModelsPanel provider="relay" />
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return calls;
}

describe('ModelsPanel unlisted models', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    sessionStorage.clear();
  });

  it('marks the catalog models the upstream does not list with a badge, and only those', async () => {
    renderPanel();
    const hidden = (await screen.findByText('hidden-model')).closest('li')!;
    expect(within(hidden).getByText('unlisted')).toHaveProperty('title', 'Served by the upstream although its /models does not list it');
    const listed = screen.getByText('gpt-4o').closest('li')!;
    expect(within(listed).queryByText('unlisted')).toBeNull();
    expect(screen.getAllByText('unlisted')).toHaveLength(1);
  });

  it('sends unlisted: true when the operator adds ids the upstream does not list', async () => {
    const calls = renderPanel();
    await screen.findByText('hidden-model');
    fireEvent.change(screen.getByLabelText('Model ids to add (one per line)'), { target: { value: 'relay-only' } });
    fireEvent.click(screen.getByLabelText(/unlisted\)/));
    fireEvent.click(screen.getByRole('button', { name: 'Add to catalog' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toMatch(/\/admin\/providers\/relay\/models$/);
    expect(post.body).toEqual({ ids: ['relay-only'], unlisted: true });
  });
});
