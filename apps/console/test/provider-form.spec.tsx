import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider, TOKEN_KEY } from '../src/auth/auth';
import { I18nProvider } from '../src/i18n/i18n';
import { ProviderForm } from '../src/pages/providers/ProviderForm';
import { fakeResponse } from './fake-response';

/** The form, signed in, against a fetch that records each request and answers from `answer`. */
function renderForm(answer: (url: string, init: RequestInit) => unknown) {
  sessionStorage.setItem(TOKEN_KEY, 'admin-token');
  const calls: { url: string; method: string; body: unknown }[] = [];
  global.fetch = jest.fn(async (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined });
    return fakeResponse(200, answer(url, init));
  }) as unknown as typeof fetch;
  const onDone = jest.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <I18nProvider lang="en">
        <AuthProvider>
          <ProviderForm onDone={onDone} />
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return { calls, onDone };
}

describe('ProviderForm responses_api', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    sessionStorage.clear();
  });

  it('offers the Responses API checkbox for an openai provider and sends responses_api', async () => {
    const { calls, onDone } = renderForm((url) => (url.endsWith('/api-types') ? { data: ['openai', 'anthropic'] } : { name: 'up', responses_api: true }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'up' } });
    fireEvent.change(screen.getByLabelText('Base URL'), { target: { value: 'https://api.openai.com/v1' } });
    fireEvent.click(screen.getByLabelText(/Responses API/));
    fireEvent.click(screen.getByRole('button', { name: 'Create provider' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({ name: 'up', api_type: 'openai', responses_api: true });
  });

  it('hides the checkbox for another type and sends responses_api false', async () => {
    const { calls, onDone } = renderForm((url) => (url.endsWith('/api-types') ? { data: ['openai', 'anthropic'] } : { name: 'claude' }));
    fireEvent.click(await screen.findByLabelText(/Responses API/));
    await screen.findByRole('option', { name: 'anthropic' });
    fireEvent.change(screen.getByLabelText('API type'), { target: { value: 'anthropic' } });
    expect(screen.queryByLabelText(/Responses API/)).toBeNull();
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'claude' } });
    fireEvent.change(screen.getByLabelText('Base URL'), { target: { value: 'https://api.anthropic.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create provider' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ api_type: 'anthropic', responses_api: false });
  });
});
