import type { ChangeBus, ChangeMessage } from '@aigw/events';
import { ADMIN_TOKEN_SETTING, type OnUnreadableRow, type Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';
import type { BudgetLedger } from '../budget/budget-ledger';
import { RoutingState } from './routing-state';

export interface StateHolderOptions {
  store: Store;
  bus: ChangeBus;
  logger: Logger;
  ledger: BudgetLedger;
  /** Safety-net reload period; 0 disables it. */
  reloadIntervalMs?: number;
}

/**
 * Keeps the current RoutingState: loads it, reloads it when the bus says config changed (and on a
 * timer as a safety net), and applies token debits from the log-writer as they are reported.
 */
export class StateHolder {
  private state: RoutingState | undefined;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: StateHolderOptions) {}

  get current(): RoutingState {
    if (!this.state) throw new Error('routing state not loaded; call start() first');
    return this.state;
  }

  async start(): Promise<void> {
    await this.reload();
    this.unsubscribe = this.options.bus.subscribe((message) => this.onChange(message));
    const every = this.options.reloadIntervalMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.reload().catch((err) => this.options.logger.error({ err }, 'periodic reload failed')), every);
      this.timer.unref();
    }
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  /** Coalesces concurrent reload requests: at most one running and one queued. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          await this.loadOnce();
        } while (this.reloadAgain);
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  private async loadOnce(): Promise<void> {
    const { store, logger, ledger } = this.options;
    // One unreadable row must not keep every other provider and token from loading; it is left
    // out (a token that cannot be read is refused, never guessed at) and an operator is told.
    const onSkip: OnUnreadableRow = (row) => logger.error({ table: row.table, id: row.id, reason: row.reason }, 'routing state: skipped a row that cannot be read');
    const seen = await ledger.beforeReload?.();
    const [data, tokens, adminHash] = await Promise.all([
      store.routingData(onSkip),
      store.tokens.list(onSkip),
      store.settings.get(ADMIN_TOKEN_SETTING),
    ]);
    this.state = new RoutingState(data, tokens, adminHash, this.state);
    seen?.();
  }

  private onChange(message: ChangeMessage): void {
    if (message.type === 'config') {
      void this.reload().catch((err) => this.options.logger.error({ err }, 'reload after change failed'));
      return;
    }
    if (message.type !== 'token-usage') return;
    const state = this.state;
    if (state) {
      for (const t of message.tokens) state.applyTokenUsage(t);
    }
    this.options.ledger.committed({ request_ids: message.request_ids, token_ids: message.tokens.map((t) => t.id), budget_seq: message.budget_seq });
  }
}
