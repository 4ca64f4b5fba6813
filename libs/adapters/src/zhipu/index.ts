export { buildZhipuChatRequest, zhipuAdapter } from './adapter';
export { zhipuChatUrl, ZHIPU_CHAT_PATH } from './api';
