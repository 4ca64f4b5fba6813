import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Token } from '../src/api/types';
import { App } from '../src/App';
import { AuthProvider, TOKEN_KEY } from '../src/auth/auth';
import { BudgetBar } from '../src/components/BudgetBar';
import { StatusBadge } from '../src/components/StatusBadge';
import { I18nProvider, type Lang } from '../src/i18n/i18n';
import { OutputCapForm } from '../src/pages/providers/OutputCapForm';
import { fakeFetch } from './fake-response';

const token = (over: Partial<Token>): Token => ({
  id: 1,
  key_hint: 'sk-x...wxyz',
  name: 'demo',
  allowed_models: null,
  mcp_allowed: null,
  max_amount: 1,
  amount_spent: 0.25,
  remaining: 0.75,
  rpm_limit: null,
  tpm_limit: null,
  concurrency_limit: null,
  currency: 'USD',
  enabled: true,
  disabled_reason: null,
  status: 'active',
  expires_at: null,
  created_at: '2030-01-01 00:00:00',
  updated_at: '2030-01-01 00:00:00',
  ...over,
});

function inLang(lang: Lang, node: ReactNode) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <I18nProvider lang={lang}>{node}</I18nProvider>
    </QueryClientProvider>,
  );
}

describe('StatusBadge', () => {
  it.each([
    ['active', 'en', 'active'],
    ['exhausted', 'en', 'exhausted'],
    ['expired', 'zh', '已过期'],
    ['disabled', 'zh', '已停用'],
  ] as const)('shows the API status %s in %s', (status, lang, text) => {
    inLang(lang, <StatusBadge status={status} />);
    expect(screen.getByText(text).className).toContain(`badge-${status}`);
  });
});

describe('BudgetBar', () => {
  it('spells out spent, budget and remaining as the API gave them', () => {
    inLang('en', <BudgetBar token={token({})} />);
    expect(screen.getByText('USD 0.25 spent of USD 1.00, USD 0.75 left')).toBeTruthy();
  });

  it('says when there is no limit', () => {
    inLang('en', <BudgetBar token={token({ max_amount: null, remaining: null, amount_spent: 0.045 })} />);
    expect(screen.getByText('USD 0.045 spent, no limit')).toBeTruthy();
  });
});

describe('sign-in', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    sessionStorage.clear();
  });

  it('shows the refusal next to the token field and keeps nothing', async () => {
    global.fetch = fakeFetch(401, { error: { message: 'invalid admin token', code: 'admin_unauthorized' } });
    render(<App lang="en" />);
    fireEvent.change(screen.getByLabelText('Admin token'), { target: { value: 'admin-wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('The gateway refused this token: invalid admin token')).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('returns to sign-in with a clear message when a stored token is refused', async () => {
    sessionStorage.setItem(TOKEN_KEY, 'admin-old');
    global.fetch = fakeFetch(401, { error: { message: 'invalid admin token', code: 'admin_unauthorized' } });
    render(<App lang="en" />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('You were signed out: the gateway refused the admin token.'));
    expect(screen.getByLabelText('Admin token')).toBeTruthy();
    expect(sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });
});

describe('OutputCapForm', () => {
  const model = { id: 'claude/claude-haiku-4-5', provider: 'claude', model: 'claude-haiku-4-5', max_output_tokens: null, unlisted: false, price_set: true, created_at: '2030-01-01 00:00:00' };

  function renderForm(onSaved: (message: string) => void) {
    sessionStorage.setItem(TOKEN_KEY, 'admin-ok');
    return render(
      <QueryClientProvider client={new QueryClient()}>
        <I18nProvider lang="en">
          <AuthProvider>
            <OutputCapForm model={model} onSaved={onSaved} />
          </AuthProvider>
        </I18nProvider>
      </QueryClientProvider>,
    );
  }

  afterEach(() => sessionStorage.clear());

  it('saves the cap with PATCH on the model and says so; empty means no cap', async () => {
    global.fetch = fakeFetch(200, { ...model, max_output_tokens: 8192 });
    const onSaved = jest.fn();
    renderForm(onSaved);
    fireEvent.change(screen.getByLabelText('Max output tokens of claude-haiku-4-5'), { target: { value: '8192' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save cap of claude-haiku-4-5' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('Requests to claude-haiku-4-5 now ask for at most 8192 output tokens.'));
    const [url, init] = (global.fetch as jest.Mock).mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/admin/providers/claude/models/claude-haiku-4-5');
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(String(init.body))).toEqual({ max_output_tokens: 8192 });

    global.fetch = fakeFetch(200, model);
    fireEvent.change(screen.getByLabelText('Max output tokens of claude-haiku-4-5'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save cap of claude-haiku-4-5' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('Requests to claude-haiku-4-5 are no longer capped.'));
    expect(JSON.parse(String(((global.fetch as jest.Mock).mock.calls[0] as [string, RequestInit])[1].body))).toEqual({ max_output_tokens: null });
  });

  it('shows the API error next to the field', async () => {
    global.fetch = fakeFetch(400, { error: { message: 'max_output_tokens: must be a whole number', code: 'invalid_request', param: 'max_output_tokens' } });
    renderForm(jest.fn());
    fireEvent.change(screen.getByLabelText('Max output tokens of claude-haiku-4-5'), { target: { value: '1.5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save cap of claude-haiku-4-5' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
  });
});
