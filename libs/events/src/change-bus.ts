import { EventEmitter } from 'node:events';

/** Token state after the log-writer debited it, sent so proxies need not re-read the database. */
export interface TokenUsageState {
  id: number;
  amount_spent: number;
  enabled: boolean;
  disabled_reason: 'manual' | 'exhausted' | null;
  /**
   * The token's updated_at (epoch ms) as read: debits leave it, operator changes and an exhaustion
   * move it, so a proxy can tell a notice read before a reset or top-up it already reloaded.
   * Absent from senders that predate it.
   */
  updated_at?: number;
}

/**
 * What changed. `config`: providers, keys, catalog, aliases, prices, tokens or the admin token
 * changed; reload. `token-usage`: the log-writer recorded these requests and the tokens now stand so.
 * `key-health`: a proxy changed the live health records of these upstream keys; read them again.
 */
export type ChangeMessage =
  | { type: 'config'; what: string }
  | { type: 'key-health'; key_ids: number[] }
  | {
      type: 'token-usage';
      tokens: TokenUsageState[];
      request_ids: string[];
      /** The budget ledger's commit seq of this batch (distributed mode); `tokens` include it. */
      budget_seq?: number;
    };

export interface ChangeBus {
  publish(message: ChangeMessage): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (message: ChangeMessage) => void): () => void;
  close(): Promise<void>;
}

/** Standalone mode: every part lives in one process, so an emitter carries the changes. */
export class InProcessChangeBus implements ChangeBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  async publish(message: ChangeMessage): Promise<void> {
    this.emitter.emit('change', message);
  }

  subscribe(listener: (message: ChangeMessage) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
