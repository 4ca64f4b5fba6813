/**
 * The store's public shapes. Rows come back with JS types: Date for instants, number for money
 * (decimal columns read back as numbers), booleans for flags, parsed JSON for JSON columns.
 */

// The provider types are listed once, in the adapter registry (a type-only import: no runtime code).
export type { ApiType } from '@aigw/adapters';
export * from './routing-types';
export * from './token-types';
export * from './log-types';
export * from './response-types';
