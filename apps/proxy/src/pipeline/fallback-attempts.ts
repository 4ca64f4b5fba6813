import { errorMessage } from '@aigw/telemetry';
import { isGatewayError } from '@aigw/shared-errors';
import { priceSnapshot } from '../chat/chat-request';
import { failsOver } from '../keys/classify';
import { elapsedMs, type RequestRecord } from '../record/request-record';
import type { Candidate } from './types';

/**
 * Whether a failure before the first byte lets the request go on to its next target: an upstream
 * answer that blames its key (classify.ts failsOver: 401/402/403 invalid or no quota, 429, 5xx),
 * a connection error or timeout (no upstream status, 502/504), or no usable key at the provider
 * (503 no_upstream_key, or a 429/503 when every key is cooling or invalid). Any other upstream 4xx
 * is the request's own fault and is answered as it came; so is anything that is not a
 * GatewayError (a bug).
 */
export function canFailOver(err: unknown): boolean {
  if (!isGatewayError(err)) return false;
  if (err.upstream?.status !== undefined) return failsOver(err);
  return err.status === 429 || err.status === 502 || err.status === 503 || err.status === 504;
}

/**
 * Points the record at the target about to be tried: the row names the provider, the upstream
 * model, the price (the one billed) and the clamped_from of the target that answered, whichever
 * came before.
 */
export function useCandidate(record: RequestRecord, candidate: Candidate): void {
  record.provider = candidate.route.entry.provider.name;
  record.upstreamModel = candidate.route.upstreamModel;
  record.price = candidate.price ? priceSnapshot(candidate.price) : null;
  record.clampedFrom = candidate.clampedFrom;
  record.apiKey = null;
}

/** Adds one target's attempt to the row: provider, model, key hint, status, error and milliseconds. */
export function addAttempt(record: RequestRecord, candidate: Candidate, startedMs: number, status: number | null, err?: unknown): void {
  record.attemptDetails.push({
    provider: candidate.route.entry.provider.name,
    model: candidate.route.upstreamModel,
    key: record.apiKey,
    status,
    error: err === undefined ? null : errorMessage(err),
    ms: Math.max(0, elapsedMs(record) - startedMs),
  });
}

/** The upstream status a failed attempt got, or null when none came (connection error, timeout). */
export function failedStatus(err: unknown): number | null {
  return isGatewayError(err) ? (err.upstream?.status ?? null) : null;
}
