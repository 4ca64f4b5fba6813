import { ApiError, createClient, pathOf, queryString } from '../src/api/client';
import { fakeFetch } from './fake-response';

const answer = fakeFetch;

describe('createClient', () => {
  it('sends the admin token and JSON, and returns the parsed answer', async () => {
    const fetchImpl = answer(200, { ok: true });
    const client = createClient({ token: 'admin-abc', fetchImpl });
    expect(await client.request('PUT', '/prices', { provider: 'p' })).toEqual({ ok: true });
    const [url, init] = fetchImpl.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/admin/prices');
    expect(init.headers).toMatchObject({ authorization: 'Bearer admin-abc', 'content-type': 'application/json' });
    expect(init.body).toBe('{"provider":"p"}');
  });

  it('turns the OpenAI error body into an ApiError with the field the API named', async () => {
    const client = createClient({ token: 't', fetchImpl: answer(400, { error: { message: 'name is required', code: 'invalid_request', param: 'name', type: 'x' } }) });
    await expect(client.get('/providers')).rejects.toMatchObject({ status: 400, code: 'invalid_request', message: 'name is required', param: 'name' });
  });

  it('reports a 401 so the console returns to sign-in', async () => {
    const onUnauthorized = jest.fn();
    const client = createClient({ token: 'old', onUnauthorized, fetchImpl: answer(401, { error: { message: 'invalid admin token', code: 'admin_unauthorized' } }) });
    await expect(client.get('/tokens')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(onUnauthorized.mock.calls[0][0]).toMatchObject({ status: 401, message: 'invalid admin token' });
  });

  it('explains a body that is not JSON and a network failure', async () => {
    const html = fakeFetch(502, '<html>bad gateway</html>', 'Bad Gateway');
    await expect(createClient({ token: 't', fetchImpl: html }).get('/x')).rejects.toMatchObject({ status: 502, message: '502 Bad Gateway' });
    const down = jest.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(createClient({ token: 't', fetchImpl: down }).get('/x')).rejects.toMatchObject({ status: 0, code: 'network_error', message: 'Failed to fetch' });
  });
});

describe('URL helpers', () => {
  it('escapes each part of an id but keeps its slashes', () => {
    expect(pathOf('deepseek/deepseek-r1')).toBe('deepseek/deepseek-r1');
    expect(pathOf('a b/c?d')).toBe('a%20b/c%3Fd');
  });

  it('builds a query string from the set values only', () => {
    expect(queryString({ token: '3', model: '', status: undefined, cursor: 10 })).toBe('?token=3&cursor=10');
    expect(queryString({})).toBe('');
  });
});
