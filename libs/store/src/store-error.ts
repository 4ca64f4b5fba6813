/**
 * What the store refuses, in its own terms; the apps turn these into their answers (the admin API
 * in store-errors.ts). `not_found`: a row the call names is missing; `conflict`: a unique name or
 * key is taken; `invalid`: a value the schema cannot hold; `unreadable`: a stored row cannot be
 * turned back into its value (a key the secret no longer decrypts).
 */
export type StoreErrorKind = 'not_found' | 'conflict' | 'invalid' | 'unreadable';

export interface StoreErrorOptions {
  cause?: unknown;
  /** For not_found: what is missing (`provider`). */
  entity?: string;
}

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  readonly entity: string | undefined;

  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options: StoreErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.entity = options.entity;
  }
}

/** One key of an add that is already stored for the provider, or repeats an earlier key of the same call. */
export interface DuplicateKey {
  /** Its position in the keys given. */
  index: number;
  hint: string;
  /** true: already stored for the provider; false: repeats an earlier key of the call. */
  stored: boolean;
}

/** A key add refused because keys are already on the provider or repeat within the call; nothing was added. */
export class DuplicateKeysError extends StoreError {
  override readonly name = 'DuplicateKeysError';

  constructor(
    readonly provider: string,
    readonly duplicates: readonly DuplicateKey[],
  ) {
    super('conflict', describeDuplicateKeys(provider, duplicates, true));
  }

  /** The message naming each duplicate by position, and by hint when `showHints`. */
  describe(showHints: boolean): string {
    return describeDuplicateKeys(this.provider, this.duplicates, showHints);
  }
}

function describeDuplicateKeys(provider: string, duplicates: readonly DuplicateKey[], showHints: boolean): string {
  const problems = duplicates.map(({ index, hint, stored }) => {
    const shown = showHints ? ` (${hint})` : '';
    return stored ? `keys[${index}]${shown} is already on provider "${provider}"` : `keys[${index}]${shown} repeats an earlier key in the request`;
  });
  return `duplicate upstream keys: ${problems.join('; ')}`;
}

export function isStoreError(err: unknown): err is StoreError {
  return err instanceof StoreError;
}
