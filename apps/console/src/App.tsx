import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ComponentType, type MouseEvent } from 'react';
import { ApiError } from './api/client';
import { useGatewayInfo } from './api/queries';
import { AuthProvider, useAuth } from './auth/auth';
import { I18nProvider, LANGS, useI18n, type Lang } from './i18n/i18n';
import type { MessageKey } from './i18n/en';
import { hrefOf, navigate, usePage, type Page } from './lib/route';
import { AdminLogsPage } from './pages/AdminLogs';
import { AliasesPage } from './pages/Aliases';
import { LogsPage } from './pages/Logs';
import { McpServersPage } from './pages/McpServers';
import { OverviewPage } from './pages/Overview';
import { PricesPage } from './pages/Prices';
import { ProvidersPage } from './pages/Providers';
import { SignInPage } from './pages/SignIn';
import { TokensPage } from './pages/Tokens';

const NAV: { page: Page; label: MessageKey }[] = [
  { page: 'overview', label: 'nav.overview' },
  { page: 'providers', label: 'nav.providers' },
  { page: 'prices', label: 'nav.prices' },
  { page: 'tokens', label: 'nav.tokens' },
  { page: 'aliases', label: 'nav.aliases' },
  { page: 'mcp-servers', label: 'nav.mcpServers' },
  { page: 'logs', label: 'nav.logs' },
  { page: 'admin-logs', label: 'nav.adminLogs' },
];

const PAGES: Record<Page, ComponentType> = {
  overview: OverviewPage,
  providers: ProvidersPage,
  prices: PricesPage,
  tokens: TokensPage,
  aliases: AliasesPage,
  'mcp-servers': McpServersPage,
  logs: LogsPage,
  'admin-logs': AdminLogsPage,
};

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang">
      <label htmlFor="lang-select">{t('app.language')}</label>
      <select id="lang-select" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l.id} value={l.id}>
            {l.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Shell() {
  const { t } = useI18n();
  const { signOut } = useAuth();
  const page = usePage();
  const { timezone } = useGatewayInfo();
  const Current = PAGES[page];
  const follow = (e: MouseEvent<HTMLAnchorElement>, to: Page) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <div className="shell">
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        <nav aria-label={t('nav.label')}>
          {NAV.map((item) => (
            <a key={item.page} href={hrefOf(item.page)} aria-current={item.page === page ? 'page' : undefined} onClick={(e) => follow(e, item.page)}>
              {t(item.label)}
            </a>
          ))}
        </nav>
        <div className="top-right">
          {timezone ? <span className="muted">{t('app.timezone', { zone: timezone })}</span> : null}
          <LanguageSwitch />
          <button type="button" onClick={() => signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main>
        <Current />
      </main>
    </div>
  );
}

function Root() {
  const { token } = useAuth();
  return token ? (
    <Shell />
  ) : (
    <div className="signin-wrap">
      <div className="signin-lang">
        <LanguageSwitch />
      </div>
      <SignInPage />
    </div>
  );
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // A refused token or a bad request will not get better by asking again. Data is refetched on
      // every page visit (staleTime 0): calls, spend and other operators change it all the time.
      queries: { retry: (count, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2 },
      mutations: { retry: false },
    },
  });
}

export function App({ lang }: { lang?: Lang } = {}) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <I18nProvider lang={lang}>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <Root />
        </AuthProvider>
      </QueryClientProvider>
    </I18nProvider>
  );
}
