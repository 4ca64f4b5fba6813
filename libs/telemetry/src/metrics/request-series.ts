import type { Counter } from 'prom-client';
import type { RequestObservation } from './metrics';

const label = (v: string | number | null): string => (v === null ? '' : String(v));

/** The label objects of one request combination, built once, and its counts not yet in the counters. */
interface SeriesSet {
  route: string;
  status: number;
  provider: string;
  model: string;
  tokenId: string;
  currency: string;
  requestLabels: { route: string; status: string; provider: string; model: string };
  timingLabels: { route: string; provider: string; model: string };
  promptLabels: { provider: string; model: string; token_id: string; type: 'prompt' };
  completionLabels: { provider: string; model: string; token_id: string; type: 'completion' };
  costLabels: { provider: string; model: string; token_id: string; currency: string };
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

/**
 * The label sets of the per-request series, one per (route, status, provider, model, token id,
 * currency), so a request neither builds its label objects again nor has prom-client hash them for
 * each counter: the integer counts (requests, tokens) add up here and reach their counters when
 * those are read (their collect hook, at every scrape). Integer sums are exact, so the counters
 * show what one inc per request would. Float series (cost, histograms) are observed at once.
 */
export class RequestSeries {
  private readonly sets = new Map<string, SeriesSet>();

  constructor(
    private readonly requests: Counter,
    private readonly tokens: Counter,
  ) {}

  /** The combination's label sets (undefined when a label value could be mistaken for the key's separator). */
  setOf(o: RequestObservation): SeriesSet | undefined {
    const provider = label(o.provider);
    const model = label(o.model);
    const tokenId = label(o.tokenId);
    const currency = label(o.currency);
    const key = `${o.route}\u0000${o.status}\u0000${provider}\u0000${model}\u0000${tokenId}\u0000${currency}`;
    const known = this.sets.get(key);
    if (known !== undefined) {
      const same = known.route === o.route && known.status === o.status && known.provider === provider && known.model === model && known.tokenId === tokenId && known.currency === currency;
      return same ? known : undefined;
    }
    const set: SeriesSet = {
      route: o.route,
      status: o.status,
      provider,
      model,
      tokenId,
      currency,
      requestLabels: { route: o.route, status: String(o.status), provider, model },
      timingLabels: { route: o.route, provider, model },
      promptLabels: { provider, model, token_id: tokenId, type: 'prompt' },
      completionLabels: { provider, model, token_id: tokenId, type: 'completion' },
      costLabels: { provider, model, token_id: tokenId, currency },
      requests: 0,
      promptTokens: 0,
      completionTokens: 0,
    };
    this.sets.set(key, set);
    return set;
  }

  /** Counts one request and its tokens; anything but a safe integer of tokens goes to the counter at once. */
  count(set: SeriesSet, promptTokens: number, completionTokens: number): void {
    set.requests += 1;
    if (promptTokens > 0) {
      if (Number.isSafeInteger(promptTokens)) set.promptTokens += promptTokens;
      else this.tokens.inc(set.promptLabels, promptTokens);
    }
    if (completionTokens > 0) {
      if (Number.isSafeInteger(completionTokens)) set.completionTokens += completionTokens;
      else this.tokens.inc(set.completionLabels, completionTokens);
    }
    // A sum past 2^53 would lose units: hand it over first.
    if (set.promptTokens > Number.MAX_SAFE_INTEGER / 2 || set.completionTokens > Number.MAX_SAFE_INTEGER / 2) this.flush();
  }

  /** Adds every count not yet in the counters to them (the counters' collect hook). */
  flush(): void {
    for (const set of this.sets.values()) {
      if (set.requests > 0) {
        this.requests.inc(set.requestLabels, set.requests);
        set.requests = 0;
      }
      if (set.promptTokens > 0) {
        this.tokens.inc(set.promptLabels, set.promptTokens);
        set.promptTokens = 0;
      }
      if (set.completionTokens > 0) {
        this.tokens.inc(set.completionLabels, set.completionTokens);
        set.completionTokens = 0;
      }
    }
  }
}
