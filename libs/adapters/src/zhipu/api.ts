import { stripTrailingSlashes } from '../openai/api';

/** Endpoint of Zhipu's own API (open.bigmodel.cn), which speaks the OpenAI chat format. */

export const ZHIPU_CHAT_PATH = '/api/paas/v4/chat/completions';

/**
 * `{base_url}/api/paas/v4/chat/completions`. A base URL that already ends in a `/v4` API root
 * (the form Zhipu's own SDKs take, or the coding plan's `/api/coding/paas/v4`) gets only
 * `/chat/completions`.
 */
export function zhipuChatUrl(baseUrl: string): string {
  const base = stripTrailingSlashes(baseUrl.trim());
  return /\/v4$/i.test(base) ? `${base}/chat/completions` : `${base}${ZHIPU_CHAT_PATH}`;
}
