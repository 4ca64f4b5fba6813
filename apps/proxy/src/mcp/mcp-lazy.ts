import type * as TransportModule from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type * as GatewayServerModule from './mcp-server';

/*
 * The gateway's MCP server (and with it the SDK's server side and schemas) is required at the first
 * /mcp request, not when the proxy starts: a gateway that serves no MCP client never carries it.
 */

type GatewayServerSdk = typeof GatewayServerModule & typeof TransportModule;

let loaded: GatewayServerSdk | undefined;

export function gatewayServerSdk(): GatewayServerSdk {
  /* eslint-disable @typescript-eslint/no-require-imports */
  loaded ??= {
    ...(require('./mcp-server') as typeof GatewayServerModule),
    ...(require('@modelcontextprotocol/sdk/server/streamableHttp.js') as typeof TransportModule),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded;
}
