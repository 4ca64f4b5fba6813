import type { Dispatcher } from 'undici';
import { declaredLength, getGlobalDispatcher, requestUpstream, formatByteSize, getAdapter, readLimited, scrubKeys, upstreamConnectionError, type KnownKey } from '@aigw/adapters';
import { GatewayError, UPSTREAM_BODY_LIMIT } from '@aigw/shared-errors';
import type { Provider, Store } from '@aigw/store';

export interface UpstreamModelsOptions {
  store: Store;
  dispatcher?: Dispatcher;
  timeoutMs: number;
  /** Most bytes of the answer that are read (`server.upstream_body_limit`). */
  bodyLimit: number;
}

function connectionFailure(err: unknown, provider: string, secrets: readonly KnownKey[]): GatewayError {
  return upstreamConnectionError(err, `upstream ${provider} models endpoint`, secrets);
}

/** The answer's text, at most `limit` bytes of it; past it the read stops and the call fails. */
async function readAnswerText(res: Dispatcher.ResponseData, provider: string, limit: number, secrets: readonly KnownKey[]): Promise<string> {
  let read: Awaited<ReturnType<typeof readLimited>>;
  try {
    read = await readLimited(res.body, limit, declaredLength(res.headers['content-length']));
  } catch (err) {
    throw connectionFailure(err, provider, secrets);
  }
  if (read.over) {
    throw new GatewayError('upstream_error', `upstream ${provider} models endpoint answer exceeded server.upstream_body_limit (${formatByteSize(limit)}); it was not read further`);
  }
  return read.bytes.toString('utf8');
}

export function noModelsEndpoint(provider: Provider): GatewayError {
  return new GatewayError(
    'invalid_request',
    `provider "${provider.name}" (${provider.api_type}) has no models endpoint; model ids are accepted as given`,
  );
}

/**
 * Asks the provider's models endpoint now, with its first enabled key; nothing is stored. Returns
 * null when the provider has no models endpoint.
 */
export async function fetchUpstreamModelIds(provider: Provider, options: UpstreamModelsOptions): Promise<string[] | null> {
  const adapter = getAdapter(provider.api_type);
  if (adapter.modelsRequest(provider, 'placeholder') === null) return null;
  const keys = await options.store.keys.listWithSecrets(provider.id);
  const key = keys.find((k) => k.enabled && !k.invalid) ?? keys.find((k) => k.enabled);
  if (!key) throw new GatewayError('no_upstream_key', `provider "${provider.name}" has no enabled upstream key`);
  const target = adapter.modelsRequest(provider, key.key);
  if (!target) return null;

  let res: Dispatcher.ResponseData;
  try {
    res = await requestUpstream(options.dispatcher ?? getGlobalDispatcher(), target.url, {
      method: 'GET',
      headers: { accept: 'application/json', ...target.headers },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  } catch (err) {
    throw connectionFailure(err, provider.name, keys);
  }
  // Everything the upstream says is scrubbed of the provider's keys before it becomes an answer or an admin_logs row.
  const text = scrubKeys(await readAnswerText(res, provider.name, options.bodyLimit, keys), keys);
  if (res.statusCode < 200 || res.statusCode >= 300) throw GatewayError.fromUpstream(res.statusCode, text, provider.name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new GatewayError('upstream_error', `upstream ${provider.name} models endpoint returned a body that is not JSON`, {
      upstream: { status: res.statusCode, body: text.slice(0, UPSTREAM_BODY_LIMIT) },
    });
  }
  return [...new Set(adapter.readModelIds(json))];
}
