import type * as ClientModule from '@modelcontextprotocol/sdk/client/index.js';
import type * as SseModule from '@modelcontextprotocol/sdk/client/sse.js';
import type * as StdioModule from '@modelcontextprotocol/sdk/client/stdio.js';
import type * as StreamableModule from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type * as TypesModule from '@modelcontextprotocol/sdk/types.js';

/*
 * The MCP SDK's client side is required when an upstream is first reached, not when this library
 * loads: a gateway without MCP servers (and the admin API until it probes one) never carries it
 * (its zod schemas, ajv and transports: some 7 MB of heap).
 */

export type ClientSdk = typeof ClientModule & typeof SseModule & typeof StdioModule & typeof StreamableModule & typeof TypesModule;

let loaded: ClientSdk | undefined;

export function clientSdk(): ClientSdk {
  /* eslint-disable @typescript-eslint/no-require-imports */
  loaded ??= {
    ...(require('@modelcontextprotocol/sdk/client/index.js') as typeof ClientModule),
    ...(require('@modelcontextprotocol/sdk/client/sse.js') as typeof SseModule),
    ...(require('@modelcontextprotocol/sdk/client/stdio.js') as typeof StdioModule),
    ...(require('@modelcontextprotocol/sdk/client/streamableHttp.js') as typeof StreamableModule),
    ...(require('@modelcontextprotocol/sdk/types.js') as typeof TypesModule),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded;
}

/** True once an upstream was reached (or an SDK error was looked at): nothing else loads the SDK. */
export function clientSdkLoaded(): boolean {
  return loaded !== undefined;
}
