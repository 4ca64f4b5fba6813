export { Agent, getGlobalDispatcher } from './undici-core';
export { requestUpstream, type UpstreamRequestOptions } from './request-upstream';
