import { GatewayError } from '@aigw/shared-errors';
import type { Principal } from '../auth/authenticate';
import type { Reservation } from '../budget/budget-ledger';
import type { RequestRecord } from '../record/request-record';
import { isModelAllowed, type Route } from '../routing/resolve-model';
import type { ChatDeps } from './chat-deps';
import { estimateCost, priceSnapshot, type ChatEnvelope } from './chat-request';

/** Allow-list, price and budget hold: the checks that need the resolved model. */
export async function authorizeSpend(
  principal: Principal,
  envelope: ChatEnvelope,
  body: Record<string, unknown>,
  route: Route,
  deps: ChatDeps,
  record: RequestRecord,
): Promise<Reservation | undefined> {
  const price = deps.state.current.price(route.entry.provider.name, route.upstreamModel);
  if (price) record.price = priceSnapshot(price);
  if (principal.kind === 'admin') return undefined;
  if (!isModelAllowed(principal.token.allowed_models, envelope.model, route)) {
    throw new GatewayError('model_not_allowed', `model "${envelope.model}" is not allowed for this token`, { param: 'model' });
  }
  if (!price) throw new GatewayError('price_not_set', `model "${route.canonical}" has no price set; ask the operator to set one`, { param: 'model' });
  // A token without a budget holds nothing: no need to count its prompt.
  if (principal.token.max_amount === null) return undefined;
  const estimate = estimateCost(envelope, body, price, deps.defaultCompletionCap);
  const reservation = await deps.ledger.reserve(principal.token, estimate, record.requestId);
  // A hold cut to what was left caps the charge, so the token never ends above its budget.
  if (reservation?.clipped) record.costCap = floorDecimal(reservation.amount);
  return reservation;
}

function floorDecimal(amount: number): string {
  return (Math.floor(amount * 1e10) / 1e10).toFixed(10);
}
