/** Just enough of a fetch Response for the client (jsdom has no fetch of its own). */
export function fakeResponse(status: number, body: unknown, statusText = ''): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText,
    json: async () => JSON.parse(text) as unknown,
    text: async () => text,
  } as Response;
}

export function fakeFetch(status: number, body: unknown, statusText = ''): jest.Mock & typeof fetch {
  return jest.fn(async () => fakeResponse(status, body, statusText)) as jest.Mock & typeof fetch;
}
