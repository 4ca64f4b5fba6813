/**
 * One response of POST /v1/responses, kept for `previous_response_id`. A converted provider's row
 * carries the items it was built from and produced; a pass-through provider's row carries none,
 * only the upstream key that made it. `token_id` null: the admin token.
 */
export interface StoredResponse {
  id: string;
  token_id: number | null;
  provider: string;
  key_id: number | null;
  model: string;
  /** Input items incl. the history the request was built from; null for a pass-through row. */
  input_items: unknown[] | null;
  output_items: unknown[] | null;
  created_at: Date;
}

export type NewStoredResponse = Omit<StoredResponse, 'created_at'> & { created_at?: Date };
