import type { Dispatcher } from 'undici';
import type { BudgetLedger } from '../budget/budget-ledger';
import type { StateHolder } from '../state/state-holder';

/** What the chat-like routes (/v1/chat/completions, /v1/messages) need. */
export interface ChatDeps {
  state: StateHolder;
  ledger: BudgetLedger;
  dispatcher: Dispatcher;
  upstreamTimeoutMs: number;
  defaultCompletionCap: number;
  keyDisplay: 'none' | 'masked' | 'plain';
}
