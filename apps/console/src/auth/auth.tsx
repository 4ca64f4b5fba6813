import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { createClient, type ApiClient } from '../api/client';

/** sessionStorage only: the token dies with the tab and never reaches localStorage or a cookie. */
export const TOKEN_KEY = 'aigw.console.adminToken';

interface Auth {
  token: string | null;
  /** True when the gateway refused the token (a 401), so sign-in can say why the operator is there. */
  expired: boolean;
  client: ApiClient | null;
  signIn(token: string): void;
  signOut(expired?: boolean): void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [expired, setExpired] = useState(false);

  const signOut = useCallback(
    (refused = false) => {
      sessionStorage.removeItem(TOKEN_KEY);
      setToken(null);
      setExpired(refused);
      queryClient.clear();
    },
    [queryClient],
  );
  const signIn = useCallback((next: string) => {
    sessionStorage.setItem(TOKEN_KEY, next);
    setExpired(false);
    setToken(next);
  }, []);
  const client = useMemo(
    () => (token ? createClient({ token, onUnauthorized: () => signOut(true) }) : null),
    [token, signOut],
  );
  const value = useMemo<Auth>(() => ({ token, expired, client, signIn, signOut }), [token, expired, client, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in client; pages render only when signed in. */
export function useClient(): ApiClient {
  const { client } = useAuth();
  if (!client) throw new Error('useClient while signed out');
  return client;
}
