export * from './fake-upstream';
export * from './postgres';
export * from './tcp-proxy';
