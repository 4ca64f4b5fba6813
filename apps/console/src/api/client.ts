/** The one way the console talks to the gateway: JSON over /admin with the admin token. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The field the API blamed (`error.param`), when it named one. */
    readonly param: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: { message?: unknown; code?: unknown; param?: unknown };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClient {
  request<T>(method: Method, path: string, body?: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
}

export interface ClientOptions {
  token: string;
  /** Called once a request comes back 401 (the token changed or was never right). */
  onUnauthorized?: (error: ApiError) => void;
  fetchImpl?: typeof fetch;
  base?: string;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy in front of the gateway, say): the status line is all there is.
  }
  const e = body.error ?? {};
  const message = typeof e.message === 'string' ? e.message : `${res.status} ${res.statusText}`.trim();
  return new ApiError(res.status, typeof e.code === 'string' ? e.code : 'http_error', message, typeof e.param === 'string' ? e.param : null);
}

export function createClient(options: ClientOptions): ApiClient {
  const doFetch = options.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const base = options.base ?? '/admin';
  const request = async <T,>(method: Method, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (err) {
      throw new ApiError(0, 'network_error', err instanceof Error ? err.message : String(err), null);
    }
    if (!res.ok) {
      const error = await errorFrom(res);
      if (res.status === 401) options.onUnauthorized?.(error);
      throw error;
    }
    return (await res.json()) as T;
  };
  return { request, get: <T,>(path: string) => request<T>('GET', path) };
}

/** A path segment (or a "/"-separated id such as a model or alias), each part escaped. */
export function pathOf(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}

/** A query string from the set values only. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(name, String(value));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}
