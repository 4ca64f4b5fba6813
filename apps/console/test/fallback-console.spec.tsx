import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { AttemptDetail } from '../src/api/types';
import { AuthProvider, TOKEN_KEY } from '../src/auth/auth';
import { I18nProvider } from '../src/i18n/i18n';
import { AliasesPage } from '../src/pages/Aliases';
import { AttemptList } from '../src/pages/logs/AttemptList';
import { fakeResponse } from './fake-response';

function withProviders(node: ReactNode) {
  sessionStorage.setItem(TOKEN_KEY, 'admin-ok');
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <I18nProvider lang="en">
        <AuthProvider>{node}</AuthProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => sessionStorage.clear());

describe('aliases page: fallback targets', () => {
  const aliases = {
    data: [
      {
        alias: 'smart',
        target: 'oai/gpt-4o',
        targets: [
          { model: 'oai/gpt-4o', priority: 2, weight: 1 },
          { model: 'ant/claude-sonnet-4', priority: 1, weight: 3 },
        ],
      },
    ],
    next_cursor: null,
  };
  const models = {
    data: ['oai/gpt-4o', 'ant/claude-sonnet-4'].map((id) => ({ id, provider: id.split('/')[0], model: id.split('/')[1], max_output_tokens: null, price_set: true, created_at: '2030-01-01 00:00:00' })),
    next_cursor: null,
  };
  const puts: unknown[] = [];

  beforeEach(() => {
    puts.length = 0;
    global.fetch = jest.fn(async (url: string, init?: RequestInit) => {
      if (init?.method === 'PUT') {
        puts.push(JSON.parse(String(init.body)));
        return fakeResponse(200, aliases.data[0]);
      }
      return fakeResponse(200, String(url).includes('/models') ? models : aliases);
    }) as unknown as typeof fetch;
  });

  it('lists every target of an alias with its priority and weight', async () => {
    withProviders(<AliasesPage />);
    expect(await screen.findByText('oai/gpt-4o (2, 1)')).toBeTruthy();
    expect(screen.getByText('ant/claude-sonnet-4 (1, 3)')).toBeTruthy();
  });

  it('puts two targets as {targets}, and one plain target as {target}', async () => {
    withProviders(<AliasesPage />);
    await screen.findByText('oai/gpt-4o (2, 1)');
    await screen.findAllByRole('option', { name: 'ant/claude-sonnet-4' });
    fireEvent.change(screen.getByLabelText('Alias'), { target: { value: 'smart' } });
    fireEvent.change(screen.getByLabelText('Target 1 Target model'), { target: { value: 'oai/gpt-4o' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a fallback target' }));
    fireEvent.change(screen.getByLabelText('Target 2 Target model'), { target: { value: 'ant/claude-sonnet-4' } });
    fireEvent.change(screen.getByLabelText('Target 2 Weight'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add alias' }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]).toEqual({
      targets: [
        { model: 'oai/gpt-4o', priority: 0, weight: 1 },
        { model: 'ant/claude-sonnet-4', priority: -1, weight: 3 },
      ],
    });

    fireEvent.change(screen.getByLabelText('Alias'), { target: { value: 'plain' } });
    fireEvent.change(screen.getByLabelText('Target 1 Target model'), { target: { value: 'oai/gpt-4o' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add alias' }));
    await waitFor(() => expect(puts).toHaveLength(2));
    expect(puts[1]).toEqual({ target: 'oai/gpt-4o' });
  });
});

describe('log detail: the attempts of a request', () => {
  it('shows each attempt with provider, model, key, status, ms and error', () => {
    const attempts: AttemptDetail[] = [
      { provider: 'oai', model: 'gpt-4o', key: 'sk-a...1234', status: 503, error: 'upstream oai returned 503: busy', ms: 12 },
      { provider: 'ant', model: 'claude-sonnet-4', key: 'sk-b...5678', status: 200, error: null, ms: 340 },
    ];
    withProviders(<AttemptList attempts={attempts} />);
    const rows = screen.getAllByRole('row').slice(1).map((r) => Array.from(r.querySelectorAll('td')).map((c) => c.textContent));
    expect(rows).toEqual([
      ['1', 'oai', 'gpt-4o', 'sk-a...1234', '503', '12', 'upstream oai returned 503: busy'],
      ['2', 'ant', 'claude-sonnet-4', 'sk-b...5678', '200', '340', 'answered'],
    ]);
  });

  it('shows nothing for a row without attempts', () => {
    const { container } = withProviders(<AttemptList attempts={null} />);
    expect(container.textContent).toBe('');
  });
});
