import type { Logger } from 'pino';

/**
 * Runs `stop` once, on the first SIGTERM or SIGINT: logs the signal, then exits 0 when stop
 * resolves and 1 (with the error logged) when it throws. Every service main ends with this.
 */
export function exitOnSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/**
 * A start that cannot go on for a reason the operator can fix (a port in use, a missing setting):
 * its message says what to change, and it is printed as one line without a stack.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** What a failed start prints: one line for a StartupError, the stack for anything unexpected. */
export function startFailureMessage(name: string, err: unknown): string {
  if (err instanceof StartupError) return `${name} failed to start: ${err.message}\n`;
  return `${name} failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`;
}

/** The catch of a service main: the error on stderr and exit code 1. */
export function exitOnStartFailure(name: string): (err: unknown) => never {
  return (err) => {
    process.stderr.write(startFailureMessage(name, err));
    process.exit(1);
  };
}
