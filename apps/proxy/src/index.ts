export { createProxyApp, createProxyRouter, requestTypeFor, type ProxyDeps } from './app';
export { createProxyRuntime, type ProxyRuntime, type ProxyRuntimeOptions } from './runtime';
export { InMemoryBudgetLedger, type BudgetLedger, type Reservation, type BudgetedToken } from './budget/budget-ledger';
export { StateHolder } from './state/state-holder';
export { ADMIN_TOKEN_LABEL } from './auth/authenticate';
