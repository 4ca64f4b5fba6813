import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider, TOKEN_KEY } from '../src/auth/auth';
import type { Token } from '../src/api/types';
import { I18nProvider } from '../src/i18n/i18n';
import { TokenForm } from '../src/pages/tokens/TokenForm';
import { fakeResponse } from './fake-response';

const existing: Token = {
  id: 7,
  key_hint: 'sk-a...bcde',
  name: 'team',
  allowed_models: null,
  mcp_allowed: null,
  max_amount: null,
  amount_spent: 0,
  remaining: null,
  rpm_limit: 30,
  tpm_limit: 20000,
  concurrency_limit: null,
  currency: 'USD',
  enabled: true,
  disabled_reason: null,
  status: 'active',
  expires_at: null,
  created_at: '2030-01-01 00:00:00',
  updated_at: '2030-01-01 00:00:00',
};

/** The form, signed in, against a fetch that records each request and answers from `answer`. */
function renderForm(editing: Token | undefined, answer: (url: string, init: RequestInit) => { status?: number; body: unknown }) {
  sessionStorage.setItem(TOKEN_KEY, 'admin-token');
  const calls: { url: string; method: string; body: unknown }[] = [];
  global.fetch = jest.fn(async (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined });
    const a = answer(url, init);
    return fakeResponse(a.status ?? 200, a.body);
  }) as unknown as typeof fetch;
  const onDone = jest.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <I18nProvider lang="en">
        <AuthProvider>
          <TokenForm editing={editing} onDone={onDone} onCreated={() => undefined} />
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return { calls, onDone };
}

const listOrToken = (url: string, init: RequestInit) => ({ body: init.method === 'POST' || init.method === 'PATCH' ? { ...existing, key: 'sk-new' } : { data: [] } });

describe('TokenForm rate limits', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    sessionStorage.clear();
  });

  it('creates a token with requests per minute, tokens per minute and requests at once; empty is no limit', async () => {
    const { calls, onDone } = renderForm(undefined, listOrToken);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'limited' } });
    fireEvent.change(screen.getByLabelText(/Requests per minute/), { target: { value: '30' } });
    fireEvent.change(screen.getByLabelText(/Requests at once/), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ name: 'limited', rpm_limit: 30, tpm_limit: null, concurrency_limit: 2 });
  });

  it('shows the limits of the token edited and sends only what changed (a cleared limit as null)', async () => {
    const { calls, onDone } = renderForm(existing, listOrToken);
    expect(screen.getByLabelText<HTMLInputElement>(/Requests per minute/).value).toBe('30');
    expect(screen.getByLabelText<HTMLInputElement>(/Tokens per minute/).value).toBe('20000');
    fireEvent.change(screen.getByLabelText(/Tokens per minute/), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save token' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ tpm_limit: null });
  });

  it('shows the API refusal next to the field it names', async () => {
    const refusal = { status: 400, body: { error: { code: 'invalid_request', message: 'rpm_limit: must be a positive whole number', param: 'rpm_limit' } } };
    renderForm(undefined, (url, init) => (init.method === 'POST' ? refusal : { body: { data: [] } }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'x' } });
    fireEvent.change(screen.getByLabelText(/Requests per minute/), { target: { value: '1.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByText(/rpm_limit: must be a positive whole number/)).toBeTruthy();
  });
});
