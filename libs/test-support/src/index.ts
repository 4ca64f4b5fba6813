export * from './fake-upstream';
export * from './postgres';
export * from './redis';
export * from './tcp-proxy';
export * from './span-collector';
export * from './closed-port';
export * from './mcp';
