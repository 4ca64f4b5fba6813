import { stripTrailingSlashes } from '../openai/api';

/** Endpoint of Zhipu's own API (open.bigmodel.cn), which speaks the OpenAI chat format. */

export const ZHIPU_API_ROOT = '/api/paas/v4';
export const ZHIPU_CHAT_PATH = `${ZHIPU_API_ROOT}/chat/completions`;

/**
 * `{base_url}/api/paas/v4/chat/completions`. A base URL that already ends in a `/v4` API root
 * (the form Zhipu's own SDKs take, or the coding plan's `/api/coding/paas/v4`) gets only
 * `/chat/completions`.
 */
export function zhipuChatUrl(baseUrl: string): string {
  return zhipuUrl(baseUrl, '/chat/completions');
}

/** `{base_url}/api/paas/v4/embeddings` (or `/embeddings` after a `/v4` API root, as for chat). */
export function zhipuEmbeddingsUrl(baseUrl: string): string {
  return zhipuUrl(baseUrl, '/embeddings');
}

function zhipuUrl(baseUrl: string, path: string): string {
  const base = stripTrailingSlashes(baseUrl.trim());
  return /\/v4$/i.test(base) ? `${base}${path}` : `${base}${ZHIPU_API_ROOT}${path}`;
}
