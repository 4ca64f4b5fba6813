export * from './fake-upstream';
export * from './postgres';
