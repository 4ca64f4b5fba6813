/** A gateway token's shapes. */

export type DisabledReason = 'manual' | 'exhausted';

/** A gateway token. The key itself is never stored: only its sha256 and a hint to recognise it by. */
export interface Token {
  id: number;
  /** sha256 (hex) of the key; the data plane finds a presented key by it. */
  key_hash: string;
  /** What a person may see of the key (keyHint: first 4, `...`, last 4). */
  key_hint: string;
  name: string;
  /** null: every model. */
  allowed_models: string[] | null;
  /** MCP allow-list: `server` (every tool of it) or `server/tool`; null or []: no MCP access. */
  mcp_allowed: string[] | null;
  /** null: unlimited. */
  max_amount: number | null;
  amount_spent: number;
  /** Requests per minute; null: no limit. */
  rpm_limit: number | null;
  /** Tokens (prompt + completion) per minute; null: no limit. */
  tpm_limit: number | null;
  /** Requests in flight at once; null: no limit. */
  concurrency_limit: number | null;
  enabled: boolean;
  disabled_reason: DisabledReason | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewToken {
  /** The plaintext key: hashed and hinted by the store, never written. */
  key: string;
  name: string;
  allowed_models?: string[] | null;
  mcp_allowed?: string[] | null;
  max_amount?: number | null;
  rpm_limit?: number | null;
  tpm_limit?: number | null;
  concurrency_limit?: number | null;
  expires_at?: Date | null;
  enabled?: boolean;
}

export type TokenPatch = Partial<{
  name: string;
  allowed_models: string[] | null;
  mcp_allowed: string[] | null;
  max_amount: number | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  concurrency_limit: number | null;
  expires_at: Date | null;
  enabled: boolean;
  disabled_reason: DisabledReason | null;
}>;
