import { GatewayError } from '@aigw/shared-errors';
import { randomBase62Id } from '@aigw/adapters';
import { type NewStoredResponse, type ResponseRepository, type StoredResponse } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';
import type { Route } from '../../routing/resolve-model';
import type { PipelineContext } from '../types';

/**
 * The responses POST /v1/responses keeps (store.responses), as the codec sees them: who owns a
 * response, finding the one a follow-up names, and keeping a new one.
 */

/** The responses a request may read and write: its own token's only (null: the admin token). */
export interface ResponsesMemory {
  repo: ResponseRepository;
  owner: number | null;
  logger: Logger;
}

export function memoryOf(repo: ResponseRepository, ctx: PipelineContext): ResponsesMemory {
  const principal = ctx.principal;
  return { repo, owner: principal?.kind === 'client' ? principal.token.id : null, logger: ctx.deps.logger };
}

/** A gateway-minted response id, as OpenAI's look: `resp_` and 48 base62 characters. */
export function mintResponseId(): string {
  return `resp_${randomBase62Id(48)}`;
}

/**
 * The response `id` names, if this request's token made it. Another token's response, like one
 * that never existed (or was pruned, or made with `store: false`), is previous_response_not_found.
 */
export async function findPrevious(memory: ResponsesMemory, id: string): Promise<StoredResponse> {
  const found = await memory.repo.find(id, memory.owner);
  if (!found) throw new GatewayError('previous_response_not_found', `previous response "${id}" not found`, { param: 'previous_response_id' });
  return found;
}

function refuse(message: string): GatewayError {
  return new GatewayError('invalid_request', `previous_response_id: ${message}`, { param: 'previous_response_id' });
}

/**
 * The upstream key a pass-through follow-up must use: the one that made the previous response
 * (its state lives in that upstream account). A response of another provider, one the gateway
 * converted, or one whose key is gone or disabled cannot be continued here: a 400 says why,
 * rather than sending the conversation to an account that does not hold it.
 */
export function pinnedKeyId(previous: StoredResponse, route: Route): number {
  const provider = route.entry.provider.name;
  if (previous.input_items !== null || previous.key_id === null) {
    throw refuse(`response "${previous.id}" was made by converting to provider "${previous.provider}"; provider "${provider}" passes Responses through and cannot continue it`);
  }
  if (previous.provider !== provider) {
    throw refuse(`response "${previous.id}" was made by provider "${previous.provider}"; continue it with a model of that provider`);
  }
  if (!route.entry.keys.some((k) => k.id === previous.key_id)) {
    throw refuse(`the upstream key of provider "${provider}" that made response "${previous.id}" is removed or disabled; its conversation cannot move to another key`);
  }
  return previous.key_id;
}

/** The items a converted follow-up is rebuilt from: the previous response's input, then its output. */
export function historyOf(previous: StoredResponse): unknown[] {
  if (previous.input_items === null || previous.output_items === null) {
    throw refuse(`response "${previous.id}" was passed through to provider "${previous.provider}"; only a model of that provider can continue it`);
  }
  return [...previous.input_items, ...previous.output_items];
}

/** Keeps a response; a failed write is logged (the client still gets its answer). */
export async function keepResponse(memory: ResponsesMemory, row: Omit<NewStoredResponse, 'token_id'>): Promise<void> {
  try {
    await memory.repo.save({ ...row, token_id: memory.owner });
  } catch (err) {
    memory.logger.error({ err, responseId: row.id }, 'keeping a response for previous_response_id failed');
  }
}
